package io.github.trialbook.engine;

import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;

/**
 * The per-stage arrays of one trial in progress. Allocated per trial because the finished
 * {@link TrialRecord} takes them over without copying. Written by the worker; read by the monitor
 * only after it has abandoned the worker (see {@link WorkerSlot}).
 */
final class TrialWork {
  final int trial;
  final Object[] outputs;
  final long[] nanos;
  final int[] info;
  final long startNanos;

  TrialWork(int trial, int stages, long startNanos) {
    this.trial = trial;
    this.outputs = new Object[stages];
    this.nanos = new long[stages];
    this.info = new int[stages];
    this.startNanos = startNanos;
  }

  void mark(int stage, StageStatus status, int attempts) {
    info[stage] = TrialRecord.packStage(status, attempts);
  }

  /** Marks the stages from {@code from} on; returns how many. */
  int markRest(int from, StageStatus status) {
    int packed = TrialRecord.packStage(status, 0);
    for (int i = from; i < info.length; i++) {
      info[i] = packed;
    }
    return Math.max(0, info.length - from);
  }
}
