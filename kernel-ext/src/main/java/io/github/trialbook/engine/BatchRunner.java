package io.github.trialbook.engine;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.RecordList;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.store.Checkpoint;
import io.github.trialbook.store.TrialStore;
import java.time.Duration;
import java.util.ArrayList;
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
 * Checkpoint checkpoint = Checkpoint.open(spec, false);
 * BatchRunner run = BatchRunner.start(spec, new BatchRunner.Plan(new int[] {0, 1, 2}, checkpoint));
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
   * What to run: the trial numbers in queue order and the run's {@link Checkpoint}, which gives
   * the latest earlier record of every trial (finished ones not in {@code trials} are carried into
   * the results unchanged), the sink and the first sequence number, and which the monitor
   * {@linkplain Checkpoint#finish finishes} once the sink is closed, before the outcome completes.
   */
  public record Plan(int[] trials, Checkpoint checkpoint) {
    public Plan {
      Objects.requireNonNull(trials, "trials");
      Objects.requireNonNull(checkpoint, "checkpoint");
    }
  }

  /**
   * The end of a batch: the latest record of every trial (null for a trial that never ran), the
   * final snapshot, start and end times, whether it was cancelled, the threads left behind and a
   * checkpoint failure, if any.
   */
  public record Outcome(TrialStore latest, ProgressSnapshot progress, long startedAtMillis,
      long finishedAtMillis, boolean cancelled, List<String> abandonedThreads,
      Throwable checkpointError) {

    /** The records that exist, in trial order (read from the trial log as they are asked for). */
    public RecordList records() {
      return latest.records();
    }
  }

  /** Starts the batch and returns at once. */
  public static <I> BatchRunner start(BatchSpec<I> spec, Plan plan) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(plan, "plan");
    TrialStore previous = plan.checkpoint().previous();
    if (previous.trials() != spec.trialCount()) {
      throw new IllegalArgumentException("the checkpoint has " + previous.trials()
          + " trial slots but the spec has " + spec.trialCount() + " trials; open the checkpoint "
          + "of this spec: Checkpoint.open(spec, false)");
    }
    Execution<I> ex = new Execution<>(spec, plan.trials(), previous, plan.checkpoint());
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
    WorkerSlot slot = new WorkerSlot(id, worker, "trialbook-" + ex.name + "-worker-" + id,
        ex.spec.virtualThreads());
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
    ex.releaseWaitingWorkers();
    monitor.wake();
  }

  public boolean isCancelled() {
    return ex.cancelled;
  }

  public boolean isDone() {
    return ex.outcome.isDone();
  }

  /**
   * Runs {@code action} with the outcome once the batch has ended: on the monitor thread right
   * after the outcome completes, or at once on this thread if it already has. It must be quick
   * and must not run user code (the facade uses it to start the on-finish thread).
   */
  public void whenDone(Consumer<Outcome> action) {
    Objects.requireNonNull(action, "action");
    ex.outcome.thenAccept(action);
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
