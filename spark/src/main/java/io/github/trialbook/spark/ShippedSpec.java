package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.StageFunction;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What executors need of a spec, in a serializable form, broadcast once per job: the inputs and
 * their ids, the configs, and per stage its function, resource, timeout and retry (each stage's
 * own or the spec's). Listeners, panels, callbacks, the clock and the run directory stay on the
 * driver. On an executor {@link #forTrials} builds, per partition, a spec of the partition's
 * inputs, run by the local engine one trial at a time, without a checkpoint.
 */
final class ShippedSpec<I> implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Whole specs an executor keeps rebuilt: the last few runs (a notebook runs one at a time). */
  private static final int KEPT = 4;
  /** Rebuilt whole specs by run id, so the tasks of one job on one executor build it once. */
  private static final Map<String, BatchSpec<?>> BUILT = Collections.synchronizedMap(
      new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BatchSpec<?>> eldest) {
          return size() > KEPT;
        }
      });

  final String runId;
  private final String name;
  private final ArrayList<I> inputs;
  private final ArrayList<String> ids;
  private final ArrayList<String> configNames = new ArrayList<>();
  private final ArrayList<LinkedHashMap<String, Object>> configParams = new ArrayList<>();
  final ArrayList<ShippedStage<I>> stages = new ArrayList<>();
  private final LinkedHashMap<String, Integer> limits;
  private final Duration abandonAfter;
  private final Duration cancelGrace;
  /** The configs and stages as built on this executor, once (the tasks share this object). */
  private transient volatile Built<I> built;

  /** What every partition's spec shares. */
  private record Built<I>(List<Config> configs, List<Stage<I>> stages) {}

  /** One stage, as shipped. */
  record ShippedStage<I>(String name, String resource, StageFunction<I> function,
      Duration timeout, ShippedRetry retry) implements Serializable {}

  /** A {@link Retry}; the predicate is null when it is the default one. */
  record ShippedRetry(int maxAttempts, Duration base, Duration cap,
      Predicate<Throwable> retryable) implements Serializable {
    static ShippedRetry of(Retry r) {
      Predicate<Throwable> p = r.retryable() == Retry.DEFAULT_RETRYABLE ? null : r.retryable();
      return new ShippedRetry(r.maxAttempts(), r.base(), r.cap(), p);
    }

    Retry toRetry() {
      return new Retry(maxAttempts, base, cap, retryable == null ? Retry.DEFAULT_RETRYABLE
          : retryable);
    }
  }

  ShippedSpec(BatchSpec<I> spec, String runId) {
    this.runId = runId;
    this.name = spec.name();
    this.inputs = new ArrayList<>(spec.inputs());
    this.ids = new ArrayList<>(spec.inputIds());
    for (Config c : spec.configs()) {
      configNames.add(c.name());
      configParams.add(new LinkedHashMap<>(c.params()));
    }
    for (int s = 0; s < spec.stages().size(); s++) {
      Stage<I> stage = spec.stages().get(s);
      stages.add(new ShippedStage<>(stage.name(), stage.resource().orElse(null),
          stage.function(), spec.timeoutOf(s), ShippedRetry.of(spec.retryOf(s))));
    }
    this.limits = new LinkedHashMap<>(spec.limits());
    this.abandonAfter = spec.abandonAfter();
    this.cancelGrace = spec.cancelGrace();
  }

  /**
   * The spec an executor runs for one partition, and where each of the partition's trials is in
   * it: only the inputs of {@code trials} (a partition of 256 trials does not pay for a spec of
   * all the batch's inputs, whose per-trial state the local engine allocates on each start), with
   * all the configs, one worker, no checkpoint, no view; a stage with a resource takes this
   * executor's permits ({@link ExecutorPermits}) besides the task's own. Records name their
   * config and input, so they are the same as the whole spec's.
   */
  Task<I> forTrials(int[] trials) {
    BatchSpec<I> whole = wholeSpec();
    Map<Integer, Integer> local = new LinkedHashMap<>();
    for (int t : trials) {
      local.putIfAbsent(whole.inputIndexOf(t), local.size());
    }
    List<I> subInputs = new ArrayList<>(local.size());
    Map<Object, String> idOf = new IdentityHashMap<>();
    for (int input : local.keySet()) {
      subInputs.add(inputs.get(input));
      idOf.put(inputs.get(input), ids.get(input));
    }
    BatchSpec<I> sub = build(subInputs, idOf);
    int[] plan = new int[trials.length];
    for (int i = 0; i < trials.length; i++) {
      plan[i] = sub.trialOf(whole.configIndexOf(trials[i]), local.get(whole.inputIndexOf(trials[i])));
    }
    return new Task<>(sub, plan);
  }

  /** A partition's spec and its trials' numbers in it, in the partition's order. */
  record Task<I>(BatchSpec<I> spec, int[] plan) {}

  /** The whole spec, for its trial numbering; built once per executor and run. */
  @SuppressWarnings("unchecked")
  BatchSpec<I> wholeSpec() {
    return (BatchSpec<I>) BUILT.computeIfAbsent(runId, k -> {
      Map<Object, String> idOf = new IdentityHashMap<>();
      for (int i = 0; i < inputs.size(); i++) {
        idOf.put(inputs.get(i), ids.get(i));
      }
      return build(inputs, idOf);
    });
  }

  private BatchSpec<I> build(List<I> someInputs, Map<Object, String> idOf) {
    Built<I> parts = parts();
    BatchSpec.Builder<I> b = BatchSpec.<I>builder(name, someInputs, idOf::get)
        .configs(parts.configs())
        .parallelism(1)
        .noCheckpoint()
        .consoleProgress(false)
        .abandonAfter(abandonAfter)
        .cancelGrace(cancelGrace);
    limits.forEach(b::limit);
    parts.stages().forEach(b::stage);
    return b.build();
  }

  private Built<I> parts() {
    Built<I> b = built;
    if (b == null) {
      List<Config> configs = new ArrayList<>();
      for (int c = 0; c < configNames.size(); c++) {
        configs.add(Config.of(configNames.get(c), configParams.get(c)));
      }
      List<Stage<I>> stageList = new ArrayList<>();
      for (ShippedStage<I> s : stages) {
        StageFunction<I> fn = s.resource() == null ? s.function()
            : ExecutorPermits.guarded(runId, s.resource(), limits.get(s.resource()), s.function());
        Stage<I> stage = Stage.of(s.name(), fn).withTimeout(s.timeout())
            .withRetry(s.retry().toRetry());
        stageList.add(s.resource() == null ? stage : stage.withResource(s.resource()));
      }
      b = new Built<>(List.copyOf(configs), List.copyOf(stageList));
      this.built = b;
    }
    return b;
  }
}
