package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.jupyter.Kernels;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What runs a batch's trials once the launcher has opened its run directory and decided which
 * trials to run: the local engine ({@link #local()}, what {@link Trialbook#runBatch} uses) or
 * another one, such as {@code SparkRunner} of {@code trialbook-spark}. Everything around the run
 * (resume, reruns, orphaned processes, notes, the live view, {@code onFinish}, the report and
 * the {@link BatchResult}) is the same for every engine; an engine only runs the plan's trials,
 * appends their records to the plan's checkpoint sink, once each, and finishes the checkpoint.
 *
 * <pre>{@code
 * BatchEngine engine = BatchEngine.local();
 * BatchResult r = engine.runBatch(spec);              // the same as Trialbook.runBatch(spec)
 * BatchResult again = engine.rerun(spec, Select.failed());
 * }</pre>
 */
public interface BatchEngine {

  /**
   * Starts running {@code plan}'s trials of {@code spec} and returns at once. The run owns the
   * plan's checkpoint from now on: it appends each finished trial once to its sink and
   * {@linkplain io.github.trialbook.store.Checkpoint#finish finishes} it before the outcome
   * completes.
   */
  Run start(BatchSpec<?> spec, BatchRunner.Plan plan);

  /** A running batch, as an engine reports it. Thread-safe. */
  interface Run {
    /** A snapshot now; cheap, callable from any thread. */
    ProgressSnapshot progress();

    /** No more trials; running ones stopped; finished trials kept. Idempotent. */
    void cancel();

    boolean isDone();

    /** Waits at most {@code timeout}; null if the batch is still running. */
    BatchRunner.Outcome await(Duration timeout) throws InterruptedException;

    /** Runs {@code action} (quick, no user code) with the outcome once the batch has ended. */
    void whenDone(Consumer<BatchRunner.Outcome> action);
  }

  /** The local engine: {@code spec.parallelism()} worker threads in this JVM. */
  static BatchEngine local() {
    return LocalEngine.INSTANCE;
  }

  /** As {@link Trialbook#runBatch}, on this engine: resumes, blocks, shows live progress. */
  default BatchResult runBatch(BatchSpec<?> spec) {
    return BatchLauncher.start(spec, null, this)
        .awaitShowing(Kernels.viewOrConsole(spec.consoleProgress()));
  }

  /** As {@link Trialbook#startBatch}, on this engine: returns at once. */
  default BatchHandle startBatch(BatchSpec<?> spec) {
    return BatchLauncher.start(spec, null, this);
  }

  /** As {@link Trialbook#rerun}, on this engine. */
  default BatchResult rerun(BatchSpec<?> spec, Select... selection) {
    return BatchLauncher.start(spec, Trialbook.selectionOf(selection), this)
        .awaitShowing(Kernels.viewOrConsole(spec.consoleProgress()));
  }
}
