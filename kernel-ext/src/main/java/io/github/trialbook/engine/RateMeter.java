package io.github.trialbook.engine;

/**
 * Trials per second as an exponentially weighted moving average over time (time constant
 * {@value #TAU_SECONDS} s), so the ETA follows changes in speed without jumping at every sample.
 * Sampled by the monitor thread only; read by anyone.
 */
final class RateMeter {
  private static final double TAU_SECONDS = 5.0;
  private long lastNanos;
  private long lastCount;
  private boolean started;
  private volatile double rate = Double.NaN;

  void sample(long nowNanos, long count) {
    if (!started) {
      started = true;
      lastNanos = nowNanos;
      lastCount = count;
      return;
    }
    double dt = (nowNanos - lastNanos) / 1e9;
    if (dt < 0.2) {
      return;
    }
    double instant = (count - lastCount) / dt;
    double current = rate;
    rate = Double.isNaN(current) ? instant : current + (1 - Math.exp(-dt / TAU_SECONDS)) * (instant - current);
    lastNanos = nowNanos;
    lastCount = count;
  }

  double perSecond() {
    return rate;
  }
}
