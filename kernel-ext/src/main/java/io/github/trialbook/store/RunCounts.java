package io.github.trialbook.store;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;

/**
 * Trial counts a manifest records: all trials of the spec, and the latest outcome of each that has
 * one; {@link #pending()} have none yet.
 */
public record RunCounts(int trials, int ok, int failed, int timeout, int cancelled) {

  public static RunCounts empty(int trials) {
    return new RunCounts(trials, 0, 0, 0, 0);
  }

  /** Counts the latest records (one per key) of a spec with {@code trials} trials. */
  public static RunCounts of(int trials, Iterable<TrialRecord> latest) {
    int ok = 0;
    int failed = 0;
    int timeout = 0;
    int cancelled = 0;
    for (TrialRecord r : latest) {
      switch (r.status()) {
        case OK -> ok++;
        case FAILED -> failed++;
        case TIMEOUT -> timeout++;
        case CANCELLED -> cancelled++;
      }
    }
    return new RunCounts(trials, ok, failed, timeout, cancelled);
  }

  /** Counts the latest record of each trial of {@code store}. */
  public static RunCounts of(TrialStore store) {
    int[] by = new int[TrialStatus.values().length];
    for (int t = 0; t < store.trials(); t++) {
      TrialStatus s = store.status(t);
      if (s != null) {
        by[s.ordinal()]++;
      }
    }
    return new RunCounts(store.trials(), by[TrialStatus.OK.ordinal()],
        by[TrialStatus.FAILED.ordinal()], by[TrialStatus.TIMEOUT.ordinal()],
        by[TrialStatus.CANCELLED.ordinal()]);
  }

  /** Trials without an outcome yet (cancelled ones run again on resume). */
  public int pending() {
    return Math.max(0, trials - ok - failed - timeout);
  }
}
