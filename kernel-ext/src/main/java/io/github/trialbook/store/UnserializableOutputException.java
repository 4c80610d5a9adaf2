package io.github.trialbook.store;

import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.util.List;

/**
 * A stage returned an output that cannot be written to the checkpoint log. Thrown by the
 * checkpoint sink's {@code append} on the worker thread, before anything is queued, so the engine
 * keeps {@link #failedTrial} instead and the log never sees a half-written line.
 */
public class UnserializableOutputException extends CheckpointException {
  private final String stage;

  public UnserializableOutputException(String stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  /** The stage whose output failed, or null when the failure is not in an output. */
  public String stage() {
    return stage;
  }

  /**
   * The record to keep instead of {@code r}, which the log refused: the trial failed at the
   * offending stage, whose output (and later ones) are dropped, with this exception as its error.
   * Encoding the result cannot fail for outputs.
   */
  public TrialRecord failedTrial(TrialRecord r) {
    int n = r.stageCount();
    int bad = stage == null ? 0 : Math.max(0, r.stageNames().indexOf(stage));
    Object[] outputs = new Object[n];
    long[] nanos = new long[n];
    int[] info = new int[n];
    for (int i = 0; i < n; i++) {
      nanos[i] = r.stageNanos(i);
      if (i < bad) {
        outputs[i] = r.output(i);
        info[i] = TrialRecord.packStage(r.stageStatus(i), r.stageAttempts(i));
      } else {
        StageStatus status = i == bad ? StageStatus.FAILED : StageStatus.NOT_RUN;
        info[i] = TrialRecord.packStage(status, i == bad ? r.stageAttempts(i) : 0);
      }
    }
    TrialError error = new TrialError(getClass().getName(), getMessage(),
        r.stageNames().get(bad), r.stageAttempts(bad), List.of());
    return new TrialRecord(r.config(), r.inputId(), TrialStatus.FAILED, r.worker(), r.seq(),
        r.startedAtMillis(), r.latencyNanos(), r.stageNames(), outputs, nanos, info, error);
  }
}
