package io.github.trialbook.store;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * TrialRecord[] previous = cp.previousByTrial();      // null where a trial has no record
 * cp.sink().append(record);                           // numbered from cp.nextSeq(), by the engine
 * cp.finish(false, latest);                           // closes the sink first
 * }</pre>
 */
public final class Checkpoint implements AutoCloseable {
  private final RunDirectory run;
  private final TrialRecord[] previous;
  private final TrialSink sink;
  private final long nextSeq;
  private final List<String> notes;
  private final int trials;

  private Checkpoint(RunDirectory run, TrialRecord[] previous, TrialSink sink, long nextSeq,
      List<String> notes) {
    this.run = run;
    this.previous = previous;
    this.sink = sink;
    this.nextSeq = nextSeq;
    this.notes = List.copyOf(notes);
    this.trials = previous.length;
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
      return new Checkpoint(null, new TrialRecord[spec.trialCount()], TrialSink.none(), 0,
          List.of());
    }
    if (rerun && !RunDirectory.holdsRun(dir)) {
      throw new CheckpointException("rerun found no run of batch " + spec.name() + " in " + dir
          + " (" + (Files.isDirectory(dir) ? "it holds no manifest.json" : "it does not exist")
          + "), so there is nothing to run again; run runBatch(spec) first, or point runDir at "
          + "the directory of the earlier run");
    }
    RunDirectory run = RunDirectory.open(dir, spec, spec.continueOnMismatch());
    try {
      TrialRecord[] previous = latestByTrial(spec, run.log().latest());
      TrialSink sink = run.openSink(spec.checkpoint());
      return new Checkpoint(run, previous, sink, run.log().nextSeq(), run.notes());
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
  }

  /** The loaded records placed at their trial numbers; records of keys the spec lacks are left. */
  static TrialRecord[] latestByTrial(BatchSpec<?> spec, Map<String, TrialRecord> latest) {
    TrialRecord[] byTrial = new TrialRecord[spec.trialCount()];
    if (latest.isEmpty()) {
      return byTrial;
    }
    Map<String, Integer> configs = new HashMap<>();
    for (int c = 0; c < spec.configs().size(); c++) {
      configs.put(spec.configs().get(c).name(), c);
    }
    Map<String, Integer> inputs = new HashMap<>(spec.inputIds().size() * 2);
    for (int i = 0; i < spec.inputIds().size(); i++) {
      inputs.put(spec.inputIds().get(i), i);
    }
    for (TrialRecord r : latest.values()) {
      Integer c = configs.get(r.config());
      Integer i = inputs.get(r.inputId());
      if (c != null && i != null) {
        byTrial[spec.trialOf(c, i)] = r;
      }
    }
    return byTrial;
  }

  /**
   * The latest earlier record of every trial, by trial number (null where none); a new array the
   * caller owns (the engine fills it with this session's records).
   */
  public TrialRecord[] previousByTrial() {
    return previous.clone();
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
   * Records how the session ended (cancelled or finished, with the counts of {@code latest}) and
   * releases the directory. Call once the sink is closed.
   */
  public void finish(boolean cancelled, List<TrialRecord> latest) {
    finish(cancelled, latest, List.of());
  }

  /**
   * As {@link #finish(boolean, List)}, keeping the status panels of the last picture (see
   * {@link StoredRun#panels()}).
   */
  public void finish(boolean cancelled, List<TrialRecord> latest, List<Object> panels) {
    if (run == null) {
      return;
    }
    try {
      if (!panels.isEmpty()) {
        run.writePanels(panels);
      }
      run.finish(cancelled ? RunStatus.CANCELLED : RunStatus.FINISHED,
          RunCounts.of(trials, latest));
    } finally {
      run.close();
    }
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
