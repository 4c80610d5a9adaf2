package io.github.trialbook.endpoint;

/**
 * The number of requests an endpoint may have in flight: fixed at its maximum, or adaptive with
 * slow start, then additive increase and multiplicative decrease (AIMD) between a floor and the
 * maximum.
 *
 * <p>Design note. Congestion is a 429, or rising latency: a short moving average of latency (about
 * the last 10 requests) above {@link #LATENCY_TOLERANCE} times a long one (about the last 100).
 * Averages rather than single requests, because a model's latency varies several-fold with the
 * length of its answer. Slow start (as in TCP): the limit starts at the floor and each success
 * adds 1, doubling it every round trip, so a server with a hidden limit far below the maximum
 * sees at most one round of requests beyond it instead of a whole first second of them. The
 * first congestion ends slow start and halves the limit: the last doubling overshot by at most
 * 2x, so half is at or below what the server took. After it, on congestion the limit is
 * multiplied by {@link #DECREASE}, but only once per round: a signal from a request that started
 * before the last decrease is ignored, because that request was sent under the old limit
 * (without this, one burst of 429s would collapse the limit to the floor). Each success of a
 * request sent while the limit was at least half used adds {@code 1 / limit}, so the limit grows
 * by about one per round trip while the server keeps up, and does not grow while demand is below
 * it (in slow start too). Not thread-safe: the pool calls it under its lock.
 */
final class ConcurrencyLimit {
  static final double DECREASE = 0.9;
  static final double LATENCY_TOLERANCE = 2.0;
  private static final double SHORT_WEIGHT = 0.1;
  private static final double LONG_WEIGHT = 0.01;

  private final int floor;
  private final int max;
  private double limit;
  private boolean slowStart;
  private boolean decreased;
  private long lastDecreaseNanos;
  private double shortLatency = Double.NaN;
  private double longLatency = Double.NaN;

  /**
   * A fixed limit of {@code max} when {@code floor} is 0; else adaptive, from the floor with slow
   * start, or from {@code max} without.
   */
  ConcurrencyLimit(int floor, int max, boolean slowStart) {
    this.floor = floor;
    this.max = max;
    this.slowStart = slowStart && floor > 0;
    this.limit = this.slowStart ? floor : max;
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
    if (Double.isNaN(shortLatency)) {
      shortLatency = latencyNanos;
      longLatency = latencyNanos;
    } else {
      shortLatency += SHORT_WEIGHT * (latencyNanos - shortLatency);
      longLatency += LONG_WEIGHT * (latencyNanos - longLatency);
    }
    if (shortLatency > LATENCY_TOLERANCE * longLatency) {
      onCongestion(startedNanos);
    } else if (inFlightAtStart * 2 >= limit) {
      limit = Math.min(max, limit + (slowStart ? 1.0 : 1.0 / limit));
    }
  }

  void onCongestion(long startedNanos) {
    if (!adaptive() || decreased && startedNanos - lastDecreaseNanos < 0) {
      return;
    }
    limit = Math.max(floor, limit * (slowStart ? 0.5 : DECREASE));
    slowStart = false;
    decreased = true;
    lastDecreaseNanos = System.nanoTime();
  }
}
