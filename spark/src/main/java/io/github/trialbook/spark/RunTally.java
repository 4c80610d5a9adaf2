package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.ProgressSnapshot.ConfigProgress;
import io.github.trialbook.batch.event.ProgressSnapshot.FailureNote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The driver's counts of one run: per config and status, the trials finished (carried over from
 * earlier sessions and recorded now), retries and the latest failures. Written by the result
 * handler only; read by snapshots from any thread.
 */
final class RunTally {
  /** Failures the live view lists. */
  private static final int RECENT_FAILURES = 5;
  private static final int STATUSES = TrialStatus.values().length;

  private final List<String> configs = new ArrayList<>();
  private final long[] totalPerConfig;
  /** [config * STATUSES + status]. */
  private final AtomicLongArray finished;
  private final AtomicLongArray byStatus = new AtomicLongArray(STATUSES);
  private volatile long retries;
  private volatile long recorded;
  private final ArrayDeque<FailureNote> failures = new ArrayDeque<>();

  RunTally(BatchSpec<?> spec) {
    spec.configs().forEach(c -> configs.add(c.name()));
    totalPerConfig = new long[configs.size()];
    for (int t = 0; t < spec.trialCount(); t++) {
      totalPerConfig[spec.configIndexOf(t)]++;
    }
    finished = new AtomicLongArray(configs.size() * STATUSES);
  }

  /** A finished trial carried over from an earlier session. */
  void carried(int config, TrialStatus status) {
    count(config, status);
  }

  /** A trial recorded by this run. */
  void recorded(int config, TrialRecord r) {
    count(config, r.status());
    retries += r.attempts() - 1; // attempts() is 1 + every retry
    recorded++;
    if (r.error() != null) {
      synchronized (failures) {
        failures.addLast(new FailureNote(r.key(), r.error().stage(), r.error().summary(),
            r.startedAtMillis()));
        if (failures.size() > RECENT_FAILURES) {
          failures.removeFirst();
        }
      }
    }
  }

  private void count(int config, TrialStatus status) {
    finished.incrementAndGet(config * STATUSES + status.ordinal());
    byStatus.incrementAndGet(status.ordinal());
  }

  long of(TrialStatus status) {
    return byStatus.get(status.ordinal());
  }

  long done() {
    return of(TrialStatus.OK) + of(TrialStatus.FAILED) + of(TrialStatus.TIMEOUT)
        + of(TrialStatus.STOPPED);
  }

  long retries() {
    return retries;
  }

  /** Trials recorded by this run (not carried over). */
  long recorded() {
    return recorded;
  }

  List<FailureNote> failures() {
    synchronized (failures) {
      return List.copyOf(failures);
    }
  }

  List<ConfigProgress> perConfig() {
    List<ConfigProgress> out = new ArrayList<>();
    for (int c = 0; c < configs.size(); c++) {
      long ok = finished.get(c * STATUSES + TrialStatus.OK.ordinal());
      long failed = finished.get(c * STATUSES + TrialStatus.FAILED.ordinal())
          + finished.get(c * STATUSES + TrialStatus.TIMEOUT.ordinal());
      long stopped = finished.get(c * STATUSES + TrialStatus.STOPPED.ordinal());
      out.add(new ConfigProgress(configs.get(c), totalPerConfig[c], ok + failed + stopped, ok,
          failed, stopped, 0, 0));
    }
    return out;
  }
}
