package io.github.trialbook.batch.event;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * An immutable picture of a batch at one moment: trial and stage counts, what each worker is
 * running, counts per config, the latest failures, rate and ETA. Cheap to take; its size does not
 * grow with the batch (the lists are capped).
 *
 * <p>Counts: {@code doneTrials = okTrials + failedTrials + timedOutTrials + stoppedTrials}, the
 * trials with an outcome, of which {@code resumedTrials} were finished by an earlier run;
 * cancelled trials are not done (they run again on resume); stopped ones were left unrun by an
 * early stop. {@code metrics} are the live metrics of a spec with {@code evaluate(...)} (null
 * without); {@code notice} is a line about the whole batch, such as a reached budget (or null);
 * {@code utilisation} says how busy the workers were (null for a run read back from disk);
 * {@code workers} is the current worker count of {@code Parallelism.auto()} and why it last
 * changed (null for a fixed count).
 * {@code panels} are the current values of the spec's status panels (for example an endpoint
 * pool's status), rendered under the progress by views.
 * Stages: {@code doneStages} counts stages run or skipped (after an early end or a failure) of
 * {@code totalStages = totalTrials * stages}, so the bar reaches 100 % exactly when every trial
 * has an outcome.
 *
 * <pre>{@code
 * ProgressSnapshot p = handle.progress();
 * System.out.println(p.doneTrials() + "/" + p.totalTrials() + ", ETA " + p.eta().orElse(null));
 * }</pre>
 */
public record ProgressSnapshot(
    String batch,
    State state,
    long totalTrials,
    long doneTrials,
    long okTrials,
    long failedTrials,
    long timedOutTrials,
    long cancelledTrials,
    long resumedTrials,
    long totalStages,
    long doneStages,
    long retries,
    long droppedEvents,
    List<RunningTask> running,
    int runningTotal,
    List<ConfigProgress> configs,
    List<FailureNote> recentFailures,
    double trialsPerSecond,
    Duration elapsed,
    long takenAtMillis,
    List<Object> panels,
    long stoppedTrials,
    LiveMetrics metrics,
    String notice,
    Utilisation utilisation,
    String workers) {

  /** Where a batch is. */
  public enum State {
    RUNNING, FINISHED, CANCELLED;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public ProgressSnapshot {
    running = List.copyOf(running);
    configs = List.copyOf(configs);
    recentFailures = List.copyOf(recentFailures);
    panels = List.copyOf(panels);
  }

  /** A snapshot without early stops, live metrics or notice. */
  public ProgressSnapshot(String batch, State state, long totalTrials, long doneTrials,
      long okTrials, long failedTrials, long timedOutTrials, long cancelledTrials,
      long resumedTrials, long totalStages, long doneStages, long retries, long droppedEvents,
      List<RunningTask> running, int runningTotal, List<ConfigProgress> configs,
      List<FailureNote> recentFailures, double trialsPerSecond, Duration elapsed,
      long takenAtMillis, List<Object> panels) {
    this(batch, state, totalTrials, doneTrials, okTrials, failedTrials, timedOutTrials,
        cancelledTrials, resumedTrials, totalStages, doneStages, retries, droppedEvents, running,
        runningTotal, configs, recentFailures, trialsPerSecond, elapsed, takenAtMillis, panels, 0,
        null, null, null, null);
  }

  /** A snapshot without status panels. */
  public ProgressSnapshot(String batch, State state, long totalTrials, long doneTrials,
      long okTrials, long failedTrials, long timedOutTrials, long cancelledTrials,
      long resumedTrials, long totalStages, long doneStages, long retries, long droppedEvents,
      List<RunningTask> running, int runningTotal, List<ConfigProgress> configs,
      List<FailureNote> recentFailures, double trialsPerSecond, Duration elapsed,
      long takenAtMillis) {
    this(batch, state, totalTrials, doneTrials, okTrials, failedTrials, timedOutTrials,
        cancelledTrials, resumedTrials, totalStages, doneStages, retries, droppedEvents, running,
        runningTotal, configs, recentFailures, trialsPerSecond, elapsed, takenAtMillis, List.of());
  }

  /**
   * The last picture of a run read back from its records: counts by status, nothing running, no
   * rate. Every done trial counts all {@code stages} as done (run or skipped).
   *
   * <pre>{@code
   * ProgressSnapshot p = ProgressSnapshot.ofRecords("triage", State.FINISHED, 120, 2, records,
   *     Duration.ofSeconds(42), System.currentTimeMillis());
   * }</pre>
   */
  public static ProgressSnapshot ofRecords(String batch, State state, long totalTrials,
      int stages, List<TrialRecord> records, Duration elapsed, long takenAtMillis) {
    long[] byStatus = new long[TrialStatus.values().length];
    if (records instanceof io.github.trialbook.batch.RecordList rows) {
      for (int i = 0; i < rows.size(); i++) {
        byStatus[rows.status(i).ordinal()]++; // no record read
      }
    } else {
      records.forEach(r -> byStatus[r.status().ordinal()]++);
    }
    long ok = byStatus[TrialStatus.OK.ordinal()];
    long failed = byStatus[TrialStatus.FAILED.ordinal()];
    long timedOut = byStatus[TrialStatus.TIMEOUT.ordinal()];
    long stopped = byStatus[TrialStatus.STOPPED.ordinal()];
    long done = ok + failed + timedOut + stopped;
    return new ProgressSnapshot(batch, state, totalTrials, done, ok, failed, timedOut,
        byStatus[TrialStatus.CANCELLED.ordinal()], done, totalTrials * stages, done * stages, 0, 0,
        List.of(), 0, List.of(), List.of(), Double.NaN, elapsed, takenAtMillis, List.of(),
        stopped, null, null, null, null);
  }

  /** This snapshot with {@code panel} shown after its other status panels. */
  public ProgressSnapshot withPanel(Object panel) {
    List<Object> more = new java.util.ArrayList<>(panels);
    more.add(panel);
    return new ProgressSnapshot(batch, state, totalTrials, doneTrials, okTrials, failedTrials,
        timedOutTrials, cancelledTrials, resumedTrials, totalStages, doneStages, retries,
        droppedEvents, running, runningTotal, configs, recentFailures, trialsPerSecond, elapsed,
        takenAtMillis, more, stoppedTrials, metrics, notice, utilisation, workers);
  }

  /** Done stages over total stages, in [0, 1]. */
  public double fraction() {
    return totalStages == 0 ? 1.0 : Math.min(1.0, (double) doneStages / totalStages);
  }

  /** Failed and timed-out trials. */
  public long failures() {
    return failedTrials + timedOutTrials;
  }

  /** Trials still to run. */
  public long remainingTrials() {
    return Math.max(0, totalTrials - doneTrials);
  }

  /** Estimated time to finish at the current rate; empty before a rate is known or when done. */
  public Optional<Duration> eta() {
    long remaining = remainingTrials();
    if (state != State.RUNNING || remaining == 0 || !(trialsPerSecond > 0)) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofMillis((long) Math.ceil(remaining * 1000.0 / trialsPerSecond)));
  }

  /**
   * What one worker is doing. {@code waiting} is true while it waits for a resource permit;
   * {@code note} is the stage's own line (a process stage's pid and last stderr line), or null.
   */
  public record RunningTask(int worker, String config, String inputId, String stage, int attempt,
      boolean waiting, long sinceMillis, String note) {

    public RunningTask(int worker, String config, String inputId, String stage, int attempt,
        boolean waiting, long sinceMillis) {
      this(worker, config, inputId, stage, attempt, waiting, sinceMillis, null);
    }
  }

  /**
   * Progress of one config; {@code tokens} and {@code costUsd} sum the stage outputs that report
   * {@code batch.Usage}.
   */
  public record ConfigProgress(String config, long total, long done, long ok, long failed,
      long stopped, long tokens, double costUsd) {

    public ConfigProgress(String config, long total, long done, long ok, long failed) {
      this(config, total, done, ok, failed, 0, 0, 0);
    }
  }

  /**
   * How busy the workers were since the batch started: the share of the elapsed time each spent
   * in a trial (stages, retries' waits and permit waits included), and their mean. A share well
   * below 1 with trials left means the workers wait for the queue, e.g. at the end of a batch.
   */
  public record Utilisation(double overall, List<Double> perWorker) {
    public Utilisation {
      perWorker = List.copyOf(perWorker);
    }
  }

  /** A recent failure, newest last. */
  public record FailureNote(String key, String stage, String summary, long atMillis) {}
}
