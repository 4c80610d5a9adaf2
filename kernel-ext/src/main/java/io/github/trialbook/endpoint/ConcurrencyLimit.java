package io.github.trialbook.endpoint;

/**
 * The number of requests an endpoint may have in flight: fixed at its maximum, or adaptive with
 * additive increase and multiplicative decrease (AIMD) between a floor and the maximum.
 *
 * <p>Design note. Congestion is a 429 or a latency above {@link #LATENCY_TOLERANCE} times the
 * lowest latency seen recently. On congestion the limit is multiplied by {@link #DECREASE}, but
 * only once per round: a signal from a request that started before the last decrease is ignored,
 * because that request was sent under the old limit (without this, a burst of 429s from one
 * overload would collapse the limit to the floor). Each success of a request sent while the
 * limit was at least half used adds {@code 1 / limit}, so the limit grows by about one per round
 * trip while the server keeps up, and does not grow while demand is below it. The baseline
 * latency is the minimum over a window and is forgotten slowly so a server that becomes faster
 * or slower is followed. Not thread-safe: the pool calls it under its lock.
 */
final class ConcurrencyLimit {
  static final double DECREASE = 0.9;
  static final double LATENCY_TOLERANCE = 2.0;
  private static final int BASELINE_WINDOW = 500;

  private final int floor;
  private final int max;
  private double limit;
  private long lastDecreaseNanos = Long.MIN_VALUE;
  private long minLatencyNanos = Long.MAX_VALUE;
  private long nextMinLatencyNanos = Long.MAX_VALUE;
  private int samplesInWindow;

  /** A fixed limit when {@code floor} is 0. */
  ConcurrencyLimit(int floor, int max) {
    this.floor = floor;
    this.max = max;
    this.limit = max;
  }

  boolean adaptive() {
    return floor > 0;
  }

  /** Requests that may be in flight now. */
  int current() {
    return (int) limit;
  }

  void onSuccess(long startedNanos, long latencyNanos, int inFlightAtStart) {
    if (!adaptive()) {
      return;
    }
    trackBaseline(latencyNanos);
    if (latencyNanos > LATENCY_TOLERANCE * minLatencyNanos) {
      onCongestion(startedNanos);
    } else if (inFlightAtStart * 2 >= limit) {
      limit = Math.min(max, limit + 1.0 / limit);
    }
  }

  void onCongestion(long startedNanos) {
    if (!adaptive() || startedNanos < lastDecreaseNanos) {
      return;
    }
    limit = Math.max(floor, limit * DECREASE);
    lastDecreaseNanos = System.nanoTime();
  }

  private void trackBaseline(long latencyNanos) {
    minLatencyNanos = Math.min(minLatencyNanos, latencyNanos);
    nextMinLatencyNanos = Math.min(nextMinLatencyNanos, latencyNanos);
    if (++samplesInWindow == BASELINE_WINDOW) {
      minLatencyNanos = nextMinLatencyNanos;
      nextMinLatencyNanos = Long.MAX_VALUE;
      samplesInWindow = 0;
    }
  }
}
