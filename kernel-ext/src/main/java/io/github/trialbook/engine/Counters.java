package io.github.trialbook.engine;

import io.github.trialbook.batch.TrialStatus;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Outcome counters, split by outcome so nothing is counted twice: each trial adds to exactly one
 * of ok / failed / timedOut / stopped / cancelled, once.
 *
 * <p>Every writer thread (a worker, the monitor) owns a {@link Tally} and is its only writer, so
 * an increment is a plain read and an ordered store, with no contention between workers; readers
 * sum all tallies, so a snapshot may be a moment stale but is never torn per counter.
 */
final class Counters {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int TIMEOUT = 2;
  static final int CANCELLED = 3;
  static final int STAGES = 4;
  static final int RETRIES = 5;
  static final int STOPPED = 6;
  private static final int PER_CONFIG = 7;
  private static final int PER_CONFIG_SLOTS = 4;

  final LongAdder droppedEvents = new LongAdder();
  private final int configs;
  private final CopyOnWriteArrayList<Tally> tallies = new CopyOnWriteArrayList<>();

  Counters(int configs) {
    this.configs = configs;
  }

  /** A new tally for one writer thread. */
  Tally newTally() {
    Tally t = new Tally(PER_CONFIG + PER_CONFIG_SLOTS * configs);
    tallies.add(t);
    return t;
  }

  long sum(int index) {
    long s = 0;
    for (Tally t : tallies) {
      s += t.values.get(index);
    }
    return s;
  }

  /** Finished trials (cancelled ones are not finished; stopped ones are). */
  long finished() {
    return sum(OK) + sum(FAILED) + sum(TIMEOUT) + sum(STOPPED);
  }

  long configDone(int c) {
    return sum(PER_CONFIG + PER_CONFIG_SLOTS * c);
  }

  long configOk(int c) {
    return sum(PER_CONFIG + PER_CONFIG_SLOTS * c + 1);
  }

  long configFailed(int c) {
    return sum(PER_CONFIG + PER_CONFIG_SLOTS * c + 2);
  }

  long configStopped(int c) {
    return sum(PER_CONFIG + PER_CONFIG_SLOTS * c + 3);
  }

  /** One writer's counters. Not thread-safe for writing: exactly one thread may call add. */
  static final class Tally {
    private final AtomicLongArray values;

    private Tally(int size) {
      values = new AtomicLongArray(size);
    }

    void add(int index, long delta) {
      values.lazySet(index, values.get(index) + delta);
    }

    void finished(int config, TrialStatus status) {
      int base = PER_CONFIG + PER_CONFIG_SLOTS * config;
      switch (status) {
        case OK -> {
          add(OK, 1);
          add(base + 1, 1);
          add(base, 1);
        }
        case FAILED -> {
          add(FAILED, 1);
          add(base + 2, 1);
          add(base, 1);
        }
        case TIMEOUT -> {
          add(TIMEOUT, 1);
          add(base + 2, 1);
          add(base, 1);
        }
        case STOPPED -> {
          add(STOPPED, 1);
          add(base + 3, 1);
          add(base, 1);
        }
        case CANCELLED -> add(CANCELLED, 1);
      }
    }
  }
}
