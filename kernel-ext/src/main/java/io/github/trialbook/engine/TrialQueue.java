package io.github.trialbook.engine;

import java.util.concurrent.atomic.AtomicInteger;

/** The one queue all workers pull from: a fixed order of trial numbers and a shared cursor. */
final class TrialQueue {
  private final int[] order;
  private final AtomicInteger cursor = new AtomicInteger();

  TrialQueue(int[] order) {
    this.order = order;
  }

  /** The next trial to run, or -1 when none is left. */
  int next() {
    int i = cursor.getAndIncrement();
    return i < order.length ? order[i] : -1;
  }

  int size() {
    return order.length;
  }

  /** Trials never handed to a worker. */
  int untaken() {
    return Math.max(0, order.length - cursor.get());
  }
}
