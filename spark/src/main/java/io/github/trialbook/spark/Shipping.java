package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.Stage;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.lang.invoke.SerializedLambda;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, before a job starts, that what executors need can reach them, and says what cannot
 * with the fix: a stage capturing something not serializable (named with the captured type), a
 * custom retry predicate that is not serializable, inputs or config params that are not, and
 * the spec features the Spark engine does not run.
 */
final class Shipping {
  private Shipping() {}

  /**
   * Refuses, before anything runs, the spec features the Spark engine does not run: each one
   * present is named with why and the fix (run the spec locally, or leave the feature out).
   * Live metrics, early stops and budgets act on the trials while they finish, in the one queue
   * of the local engine; on Spark the trials of a partition finish on an executor and reach the
   * driver together, so none of them could act in time.
   *
   * @throws BatchConfigException naming each of {@code evaluate(...)}, {@code earlyStop(...)} and
   *     {@code budget(...)} that the spec has
   */
  static void refuseUnsupported(BatchSpec<?> spec) {
    List<String> found = new ArrayList<>();
    if (spec.evaluate().isPresent()) {
      found.add("evaluate(...) (live metrics: on Spark the records reach the driver a partition "
          + "at a time; for Spark leave it out and compute the metrics from the result, "
          + "Trialbook.classification(r.table(), truth, prediction))");
    }
    if (spec.earlyStop().enabled()) {
      found.add("earlyStop(...) (it stops a config from live metrics while its trials run; on "
          + "Spark they are already queued on the executors; for Spark pass "
          + "earlyStop(EarlyStop.never()) or leave it out)");
    }
    if (spec.budget().limited()) {
      found.add("budget(...) (it stops taking trials at a spend, counted as each trial ends; on "
          + "Spark the executors would overrun it by whole partitions; for Spark pass "
          + "budget(Budget.none()) or leave it out)");
    }
    if (!found.isEmpty()) {
      throw new BatchConfigException("batch " + spec.name() + " cannot run on Spark: it has "
          + String.join("; and ", found) + ". These are the local engine's: to keep "
          + (found.size() == 1 ? "it" : "them") + ", run the spec locally with "
          + "Trialbook.runBatch(spec)");
    }
  }

  /**
   * Serializes every part executors need and returns the classes the serialized form names
   * (and the classes that define its lambdas), for {@link SnippetClasses}.
   *
   * @throws BatchConfigException naming the stage, input or param that cannot be serialized
   */
  static Set<Class<?>> check(BatchSpec<?> spec, ShippedSpec<?> shipped) {
    for (int s = 0; s < spec.stages().size(); s++) {
      Stage<?> stage = spec.stages().get(s);
      try {
        Recorder.record(stage.function());
      } catch (IOException e) {
        throw refused("stage '" + stage.name() + "' of batch " + spec.name()
            + " cannot run on Spark executors: it captures " + captured(e) + ", which is not "
            + "serializable; create it inside the stage (or in a static holder of a class the "
            + "executors have) instead of capturing it. Model calls stay on the driver: call an "
            + "EndpointPool from a local batch, not from a Spark stage", e);
      }
      Retry retry = spec.retryOf(s);
      if (retry.retryable() != Retry.DEFAULT_RETRYABLE
          && !(retry.retryable() instanceof Serializable)) {
        throw new BatchConfigException("the retry of stage '" + stage.name() + "' of batch "
            + spec.name() + " has a retryIf predicate that is not serializable, so executors "
            + "cannot apply it; pass a serializable one: retryIf((Predicate<Throwable> & "
            + "Serializable) e -> ...)");
      }
    }
    Object first = spec.inputs().get(0); // one input tells the type; all are serialized below
    try {
      Recorder.record(first);
    } catch (IOException e) {
      throw refused("input '" + spec.inputIds().get(0) + "' of batch "
          + spec.name() + " (a " + first.getClass().getName() + ") cannot be sent to Spark "
          + "executors: it holds " + captured(e) + ", which is not serializable; make the input "
          + "type implement java.io.Serializable (records: add 'implements Serializable')", e);
    }
    for (Config c : spec.configs()) {
      for (Map.Entry<String, Object> p : c.params().entrySet()) {
        try {
          Recorder.record(p.getValue());
        } catch (IOException e) {
          throw refused("param '" + p.getKey() + "' of config " + c.name()
              + " cannot be sent to Spark executors: it holds " + captured(e) + ", which is not "
              + "serializable; use a serializable value (records: add 'implements "
              + "Serializable')", e);
        }
      }
    }
    try {
      return Recorder.record(shipped);
    } catch (IOException e) {
      throw refused("batch " + spec.name() + " cannot be sent to Spark "
          + "executors: " + captured(e) + " is not serializable; make the inputs serializable",
          e);
    }
  }

  private static BatchConfigException refused(String message, Throwable cause) {
    BatchConfigException e = new BatchConfigException(message);
    e.initCause(cause);
    return e;
  }

  private static String captured(IOException e) {
    return e instanceof NotSerializableException ? "a " + e.getMessage() : e.toString();
  }

  /** Serializes to nowhere, noting every class written and the class of every lambda. */
  private static final class Recorder extends ObjectOutputStream {
    private final Set<Class<?>> classes = new LinkedHashSet<>();
    private final Set<String> lambdaHosts = new LinkedHashSet<>();

    private Recorder() throws IOException {
      super(OutputStream.nullOutputStream());
      enableReplaceObject(true);
    }

    static Set<Class<?>> record(Object o) throws IOException {
      try (Recorder r = new Recorder()) {
        r.classes.add(o.getClass()); // a lambda's own (hidden) class names its loader
        r.writeObject(o);
        r.flush();
        Set<Class<?>> out = new LinkedHashSet<>(r.classes);
        for (String host : r.lambdaHosts) {
          out.add(SnippetClasses.load(host, r.classes));
        }
        out.remove(null);
        return out;
      }
    }

    @Override
    protected void annotateClass(Class<?> cl) {
      classes.add(cl);
    }

    @Override
    protected Object replaceObject(Object obj) {
      if (obj instanceof SerializedLambda l) {
        lambdaHosts.add(l.getCapturingClass().replace('/', '.'));
      } else if (obj != null) {
        classes.add(obj.getClass());
      }
      return obj;
    }
  }
}
