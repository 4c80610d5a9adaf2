package io.github.trialbook.engine;

import io.github.trialbook.internal.ReusableThreads;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One worker's shared state: what it runs (for progress views) and the handshake with the
 * {@link Monitor} that times out its stage attempts.
 *
 * <p>Ownership: the worker thread writes the task fields; the monitor and snapshot takers only read
 * them, so a snapshot may be a moment stale but never blocks a worker. The fields are published by
 * the release store of {@link #stamp}; readers load {@code stamp} first.
 *
 * <p>Timeouts: {@code stamp} is even while a stage attempt runs and odd otherwise. The worker ends
 * an attempt with {@code CAS(even -> even+1)}; the monitor times it out with the same CAS. Exactly
 * one wins, so an attempt is either finished or timed out, never both. The monitor interrupts the
 * worker only after winning, then publishes {@link #interruptSent}; the worker that lost waits for
 * that before clearing its interrupt flag, so a timeout interrupt never leaks into the next stage.
 * If the worker does not come back within {@code abandonAfter}, the monitor and the worker race
 * once more on {@link #pendingTimeout}: the monitor's win abandons the worker (its trial is
 * recorded as a timeout and a fresh worker takes the slot); the worker's win means it returned in
 * time and carries on. After a cancel, a worker finishing a trial claims it the same way
 * ({@link #FINISHING}), so cancel's clean-up never records a trial twice.
 */
final class WorkerSlot {
  /** {@link #pendingTimeout} once the monitor has taken this worker's trial. */
  static final long ABANDONED = -1;
  /** {@link #pendingTimeout} once a worker of a cancelled batch has claimed its own trial. */
  static final long FINISHING = -2;

  final int id;
  /** The worker's run on a (possibly reused) thread. */
  final ReusableThreads.Run carrier;
  final AtomicLong stamp = new AtomicLong(1);
  final AtomicLong pendingTimeout = new AtomicLong();
  volatile long interruptSent;
  volatile long timedOutAtNanos;

  // Task fields: written by the worker, published through stamp / read best-effort by views.
  int trial = -1;
  int stage;
  int attempt;
  boolean waiting;
  long sinceMillis;
  long attemptStartNanos;
  TrialWork work;
  /**
   * Nanoseconds this slot's workers spent in finished trials: written by the worker only, in its
   * own slot (not a shared array, whose neighbouring entries would bounce between cores).
   */
  final AtomicLong busyNanos = new AtomicLong();
  /** The running stage's own line for views ({@code TrialContext.note}); cleared per attempt. */
  volatile String note;

  WorkerSlot(int id, Runnable body, String threadName, boolean virtual) {
    this.id = id;
    this.carrier = virtual ? ReusableThreads.prepareVirtual(body, threadName)
        : ReusableThreads.prepare(body, threadName);
  }

  void beginTrial(TrialWork work, long sinceMillis) {
    this.work = work;
    this.trial = work.trial;
    this.sinceMillis = sinceMillis;
    this.stage = 0;
    this.attempt = 0;
    this.waiting = false;
    stamp.lazySet(stamp.get() | 1);
  }

  /** The worker waits (for a permit or a backoff); the timeout clock is not running. */
  void waiting(int stage, int attempt) {
    this.stage = stage;
    this.attempt = attempt;
    this.waiting = true;
    long s = stamp.get();
    stamp.lazySet(s + 2);
  }

  /** Starts a stage attempt; returns the stamp to end it with. */
  long beginAttempt(int stage, int attempt, long startNanos) {
    this.stage = stage;
    this.attempt = attempt;
    this.waiting = false;
    this.attemptStartNanos = startNanos;
    this.note = null;
    long even = stamp.get() + 1;
    stamp.lazySet(even);
    return even;
  }

  /** Ends an attempt; false if the monitor timed it out first. */
  boolean endAttempt(long even) {
    return stamp.compareAndSet(even, even + 1);
  }

  void endTrial() {
    this.trial = -1;
    this.work = null;
    stamp.lazySet(stamp.get() | 1);
  }

  /** Called by the worker that lost the end-of-attempt race: waits for the interrupt, clears it. */
  void absorbTimeoutInterrupt(long even) {
    while (interruptSent != even) {
      Thread.onSpinWait();
    }
    Thread.interrupted();
  }

  /** The worker claims a timed-out attempt it returned from; false if it was abandoned. */
  boolean reclaim(long even) {
    return pendingTimeout.compareAndSet(even, 0);
  }
}
