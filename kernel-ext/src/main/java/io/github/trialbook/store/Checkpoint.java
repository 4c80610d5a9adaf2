package io.github.trialbook.store;

import io.github.trialbook.batch.BatchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The store's one entry point for running a batch: {@link #open} opens (or creates) the spec's
 * run directory, loads what earlier sessions finished and opens the trial log for appending, and
 * hands back what the engine needs: the earlier records by trial number, the next sequence
 * number, the {@link TrialSink} and the notes for the user. {@link #finish} writes the final
 * manifest and releases the directory. A spec without a run directory gets an empty checkpoint
 * that keeps nothing.
 *
 * <pre>{@code
 * Checkpoint cp = Checkpoint.open(spec, false);
 * cp.notes().forEach(System.out::println);            // crashed run resumed, torn tail, ...
 * TrialStore previous = cp.previous();                // status(t) null: trial t has no record
 * cp.sink().append(t, record);                        // numbered from cp.nextSeq(), by the engine
 * cp.sink().close();
 * cp.finish(false, previous, List.of());              // the counts of the latest records
 * }</pre>
 */
public final class Checkpoint implements AutoCloseable {
  private final RunDirectory run;
  private final TrialStore previous;
  private final TrialSink sink;
  /** The sink of the trial log, or null without a run directory. */
  private final JsonlTrialSink logSink;
  private final long nextSeq;
  private final List<String> notes;

  private Checkpoint(RunDirectory run, TrialStore previous, TrialSink sink, long nextSeq,
      List<String> notes) {
    this.run = run;
    this.previous = previous;
    this.sink = sink;
    this.logSink = sink instanceof JsonlTrialSink log ? log : null;
    this.nextSeq = nextSeq;
    this.notes = List.copyOf(notes);
  }

  /**
   * Opens the checkpoint of {@code spec}: its {@code runDir}, or none. With {@code rerun} the
   * directory must already hold a run (there is nothing to run again otherwise).
   *
   * @throws FingerprintMismatchException the run there is of another spec (and the spec does not
   *     {@code continueOnMismatch})
   * @throws CheckpointException the directory cannot be used, or holds no run for a rerun
   */
  public static Checkpoint open(BatchSpec<?> spec, boolean rerun) {
    Path dir = spec.runDir().orElse(null);
    if (dir == null) {
      return new Checkpoint(null, TrialStore.inMemory(configNames(spec), spec.inputIds(),
          spec.stageNames()), TrialSink.none(), 0, List.of());
    }
    if (rerun && !RunDirectory.holdsRun(dir)) {
      throw new CheckpointException("rerun found no run of batch " + spec.name() + " in " + dir
          + " (" + (Files.isDirectory(dir) ? "it holds no manifest.json" : "it does not exist")
          + "), so there is nothing to run again; run runBatch(spec) first, or point runDir at "
          + "the directory of the earlier run");
    }
    RunDirectory run = RunDirectory.open(dir, spec, spec.continueOnMismatch());
    try {
      JsonlTrialSink sink = run.openSink(spec.checkpoint());
      return new Checkpoint(run, run.scan().store(), sink, run.scan().nextSeq(), run.notes());
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
  }

  private static List<String> configNames(BatchSpec<?> spec) {
    return spec.configs().stream().map(io.github.trialbook.batch.Config::name).toList();
  }

  /**
   * The latest earlier record of every trial, by trial number; the engine fills it with this
   * session's records (on the trial log when there is a run directory, else in memory), so it is
   * the batch's results when the engine is done. One engine only.
   */
  public TrialStore previous() {
    return previous;
  }

  /** Where the engine appends each finished trial. */
  public TrialSink sink() {
    return sink;
  }

  /** The sequence number of this session's first record. */
  public long nextSeq() {
    return nextSeq;
  }

  /** What the user should know about this open: a crash resumed, a torn line dropped, ... */
  public List<String> notes() {
    return notes;
  }

  /** The run directory, if the spec has one. */
  public Optional<Path> dir() {
    return run == null ? Optional.empty() : Optional.of(run.dir());
  }

  /**
   * Records how the session ended (cancelled or finished, with the counts of {@code latest}),
   * keeping the status panels of the last picture (see {@link StoredRun#panels()}), and releases
   * the directory. Call once the sink is closed.
   */
  public void finish(boolean cancelled, TrialStore latest, List<Object> panels) {
    if (run == null) {
      return;
    }
    try {
      if (!panels.isEmpty()) {
        run.writePanels(panels);
      }
      writeIndex(latest);
      run.finish(cancelled ? RunStatus.CANCELLED : RunStatus.FINISHED,
          RunCounts.of(latest));
    } finally {
      run.close();
    }
  }

  /**
   * Saves the store's view of the log ({@link LogIndex}) so the next open reads it instead of
   * every line; only after a sink that never failed (its records are then all in the log).
   */
  private void writeIndex(TrialStore latest) {
    long end = logSink == null ? -1 : logSink.endOfLines();
    if (end < 0 || logSink.failure() != null || latest != previous
        || end == run.scan().indexed()) { // nothing new since the index was written
      return;
    }
    LogIndex.write(run.logFile(), latest, end,
        Math.max(run.scan().nextSeq(), logSink.maxSeq() + 1),
        run.scan().records() + logSink.linesWritten());
  }

  /**
   * Closes the sink and releases the directory without {@link #finish}: the session is recorded
   * as crashed. For a start that failed after the open.
   */
  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      if (run != null) {
        run.close();
      }
    }
  }
}
