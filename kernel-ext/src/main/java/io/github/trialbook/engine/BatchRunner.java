package io.github.trialbook.engine;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.store.TrialSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs one batch: exactly {@code parallelism} worker threads pull trials from one queue, run
 * their stages in order with retries, resource permits and timeouts, and record every outcome
 * once. The notebook facade ({@code Trialbook.runBatch}) is the usual way in; this class is the
 * engine's one public type.
 *
 * <p>Threads: N workers named {@code trialbook-<batch>-worker-<i>}, one monitor (timeouts,
 * rate, snapshots, completion) and, when listeners are registered, one event dispatcher. All are
 * daemons. Workers borrow reusable threads that go back to an idle pool (named
 * {@code trialbook-idle}, ended after two idle minutes) when the batch ends, so the next batch
 * does not pay thread start-up; the others end with the batch. A worker abandoned because its
 * stage ignored the interrupt keeps its thread; those are listed in
 * {@link Outcome#abandonedThreads()}.
 *
 * <p>Cancel ({@link #cancel()}) stops handing out trials, interrupts running stages, waits up to
 * the spec's cancel grace and completes the outcome with what finished; cancelled trials are not
 * checkpointed, so a resume runs them again.
 *
 * <pre>{@code
 * BatchRunner run = BatchRunner.start(spec, BatchRunner.Plan.all(spec));
 * System.out.println(run.progress().doneTrials());
 * BatchRunner.Outcome outcome = run.await();
 * }</pre>
 */
public final class BatchRunner {
  private final Execution<?> ex;
  private final Monitor monitor;

  private BatchRunner(Execution<?> ex, Monitor monitor) {
    this.ex = ex;
    this.monitor = monitor;
  }

  /**
   * What to run: the trial numbers in queue order, the latest earlier record of every trial (null
   * where none; finished ones not in {@code trials} are carried into the results unchanged), the
   * checkpoint sink, the first sequence number to assign, and what to do once the sink is closed
   * (run on the monitor thread before the outcome completes; e.g. writing the final manifest).
   */
  public record Plan(int[] trials, TrialRecord[] previous, TrialSink sink, long firstSeq,
      Consumer<Outcome> onFinish) {
    public Plan {
      Objects.requireNonNull(trials, "trials");
      Objects.requireNonNull(previous, "previous");
      Objects.requireNonNull(sink, "sink");
      Objects.requireNonNull(onFinish, "onFinish");
    }

    /** Every trial of the spec in natural (config-interleaved) order, no checkpoint. */
    public static Plan all(BatchSpec<?> spec) {
      int n = spec.trialCount();
      int[] order = new int[n];
      Arrays.setAll(order, i -> i);
      return new Plan(order, new TrialRecord[n], TrialSink.none(), 0, outcome -> { });
    }
  }

  /**
   * The end of a batch: the latest record of every trial (null for a trial that never ran), the
   * final snapshot, start and end times, whether it was cancelled, the threads left behind and a
   * checkpoint failure, if any.
   */
  public record Outcome(TrialRecord[] latest, ProgressSnapshot progress, long startedAtMillis,
      long finishedAtMillis, boolean cancelled, List<String> abandonedThreads,
      Throwable checkpointError) {

    /** The records that exist, in trial order. */
    public List<TrialRecord> records() {
      List<TrialRecord> list = new ArrayList<>();
      for (TrialRecord r : latest) {
        if (r != null) {
          list.add(r);
        }
      }
      return Collections.unmodifiableList(list);
    }
  }

  /** Starts the batch and returns at once. */
  public static <I> BatchRunner start(BatchSpec<I> spec, Plan plan) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(plan, "plan");
    if (plan.previous().length != spec.trialCount()) {
      throw new IllegalArgumentException("plan has " + plan.previous().length
          + " trial slots but the spec has " + spec.trialCount() + " trials");
    }
    Execution<I> ex = new Execution<>(spec, plan.trials(), plan.previous(), plan.sink(),
        plan.firstSeq(), plan.onFinish());
    int n = spec.parallelism();
    List<Worker<?>> workers = Collections.synchronizedList(new ArrayList<>());
    ex.liveWorkers.set(n);
    for (int i = 0; i < n; i++) {
      createWorker(ex, i, workers);
    }
    Monitor monitor = new Monitor(ex, workers);
    ex.monitor = monitor;
    if (ex.events != null) {
      ex.emit(new BatchEvent.BatchStarted(ex.name, plan.trials().length, n));
      ex.events.start();
    }
    for (int i = 0; i < n; i++) {
      ex.slots.get(i).carrier.start();
    }
    monitor.thread().start();
    return new BatchRunner(ex, monitor);
  }

  private static <I> WorkerSlot createWorker(Execution<I> ex, int id, List<Worker<?>> workers) {
    Worker<I> worker = new Worker<>(ex, id);
    WorkerSlot slot = new WorkerSlot(id, worker, "trialbook-" + ex.name + "-worker-" + id);
    worker.attach(slot);
    ex.slots.set(id, slot);
    workers.add(worker);
    return slot;
  }

  /** Replaces an abandoned worker; its slot keeps its id so views keep N lanes. */
  static void startWorker(Execution<?> ex, int id, List<Worker<?>> workers) {
    createWorker(ex, id, workers).carrier.start();
  }

  /** A snapshot of the batch now; cheap, callable from any thread. */
  public ProgressSnapshot progress() {
    if (ex.outcome.isDone()) {
      return ex.outcome.join().progress();
    }
    return ex.snapshot(ex.cancelled ? ProgressSnapshot.State.CANCELLED
        : ProgressSnapshot.State.RUNNING);
  }

  /** Stops the batch: no new trials, running stages interrupted. Idempotent. */
  public void cancel() {
    if (ex.cancelled) {
      return;
    }
    ex.cancelledAtNanos = ex.clock.nanoTime();
    ex.cancelled = true;
    for (int i = 0; i < ex.slots.length(); i++) {
      ex.slots.get(i).carrier.interrupt();
    }
    monitor.wake();
  }

  public boolean isCancelled() {
    return ex.cancelled;
  }

  public boolean isDone() {
    return ex.outcome.isDone();
  }

  /** Waits for the end of the batch. */
  public Outcome await() throws InterruptedException {
    try {
      Outcome outcome = ex.outcome.get();
      monitor.thread().join();
      return outcome;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Waits at most {@code timeout}; null if the batch is still running. */
  public Outcome await(Duration timeout) throws InterruptedException {
    try {
      Outcome outcome = ex.outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      monitor.thread().join();
      return outcome;
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The spec being run. */
  public BatchSpec<?> spec() {
    return ex.spec;
  }
}
