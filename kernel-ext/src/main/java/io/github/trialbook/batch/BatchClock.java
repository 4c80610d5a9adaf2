package io.github.trialbook.batch;

import java.time.Duration;

/**
 * The time source of a batch: latencies, timeouts, backoff sleeps and ETA all read it, so tests
 * can drive time by hand instead of sleeping. Implementations must be thread-safe.
 */
public interface BatchClock {
  /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Wall-clock milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
  long epochMillis();

  /** Sleeps for {@code duration}; interruptible. Used for retry backoff. */
  void sleep(Duration duration) throws InterruptedException;

  /** The real clock. */
  static BatchClock system() {
    return SystemClock.INSTANCE;
  }
}
