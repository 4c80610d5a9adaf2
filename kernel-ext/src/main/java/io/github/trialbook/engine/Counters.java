package io.github.trialbook.engine;

import io.github.trialbook.batch.TrialStatus;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcome counters, split by outcome so nothing is counted twice: each trial adds to exactly one
 * of ok / failed / timedOut / cancelled, once. Striped adders keep eight workers from contending.
 */
final class Counters {
  final LongAdder ok = new LongAdder();
  final LongAdder failed = new LongAdder();
  final LongAdder timedOut = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder stagesDone = new LongAdder();
  final LongAdder retries = new LongAdder();
  final LongAdder droppedEvents = new LongAdder();
  private final LongAdder[] configDone;
  private final LongAdder[] configOk;
  private final LongAdder[] configFailed;

  Counters(int configs) {
    configDone = adders(configs);
    configOk = adders(configs);
    configFailed = adders(configs);
  }

  private static LongAdder[] adders(int n) {
    LongAdder[] a = new LongAdder[n];
    for (int i = 0; i < n; i++) {
      a[i] = new LongAdder();
    }
    return a;
  }

  void finished(int config, TrialStatus status) {
    switch (status) {
      case OK -> {
        ok.increment();
        configOk[config].increment();
        configDone[config].increment();
      }
      case FAILED -> {
        failed.increment();
        configFailed[config].increment();
        configDone[config].increment();
      }
      case TIMEOUT -> {
        timedOut.increment();
        configFailed[config].increment();
        configDone[config].increment();
      }
      case CANCELLED -> cancelled.increment();
    }
  }

  /** Finished trials this run (cancelled ones are not finished). */
  long finished() {
    return ok.sum() + failed.sum() + timedOut.sum();
  }

  long configDone(int c) {
    return configDone[c].sum();
  }

  long configOk(int c) {
    return configOk[c].sum();
  }

  long configFailed(int c) {
    return configFailed[c].sum();
  }
}
