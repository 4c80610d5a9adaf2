package io.github.trialbook.batch;

import io.github.trialbook.internal.Checks;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * How a failed stage attempt is retried: at most {@code maxAttempts} attempts, waiting a random
 * delay between 0 and {@code min(cap, base * 2^(attempt-1))} ("full jitter") before each retry.
 * Immutable.
 *
 * <p>What is retried is decided by {@link #retryable()}; by default everything except
 * {@link IllegalArgumentException} (bad input will not get better) and {@link Error}. A
 * {@link StageTimeoutException} is retryable by default. A {@link RetryAfterException} is always
 * retried while attempts remain, and the wait is at least its {@code retryAfter()}, unless that
 * delay is more than what is left of the stage's timeout: then the trial fails at once (see
 * {@link BatchSpec.Builder#timeout(java.time.Duration)} for how that budget is counted).
 *
 * <pre>{@code
 * Retry r = Retry.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(30))
 *     .retryIf(e -> e instanceof java.io.IOException);
 * }</pre>
 */
public record Retry(int maxAttempts, Duration base, Duration cap, Predicate<Throwable> retryable) {

  /** Everything but {@link IllegalArgumentException} and {@link Error}. */
  public static final Predicate<Throwable> DEFAULT_RETRYABLE =
      e -> !(e instanceof IllegalArgumentException) && !(e instanceof Error);

  public Retry {
    if (maxAttempts < 1) {
      throw new BatchConfigException("retry maxAttempts must be at least 1 (was " + maxAttempts
          + "); use Retry.none() for a single attempt");
    }
    Checks.notNull(base, "retry base delay", "pass Duration.ZERO for no wait",
        BatchConfigException::new);
    Checks.notNull(cap, "retry cap", "pass a Duration at least the base delay",
        BatchConfigException::new);
    if (base.isNegative()) {
      throw new BatchConfigException("retry base delay cannot be negative (was " + base + ")");
    }
    if (cap.compareTo(base) < 0) {
      throw new BatchConfigException("retry cap must be >= the base delay (cap " + cap
          + ", base " + base + "); raise the cap or lower the base");
    }
    Checks.notNull(retryable, "retry predicate", "pass Retry.DEFAULT_RETRYABLE",
        BatchConfigException::new);
  }

  /** One attempt, no retries. */
  public static Retry none() {
    return new Retry(1, Duration.ZERO, Duration.ZERO, DEFAULT_RETRYABLE);
  }

  /** Exponential backoff with full jitter: up to {@code maxAttempts} attempts in all. */
  public static Retry exponential(int maxAttempts, Duration base, Duration cap) {
    return new Retry(maxAttempts, base, cap, DEFAULT_RETRYABLE);
  }

  /** A copy that retries only the failures {@code predicate} accepts. */
  public Retry retryIf(Predicate<Throwable> predicate) {
    return new Retry(maxAttempts, base, cap, predicate);
  }

  /** Whether a failure of attempt {@code attempt} (from 1) should be retried. */
  public boolean shouldRetry(Throwable error, int attempt) {
    if (attempt >= maxAttempts) {
      return false;
    }
    return error instanceof RetryAfterException || retryable.test(error);
  }

  /**
   * The wait before the attempt after {@code attempt}: full jitter over the exponential bound,
   * and never less than a {@link RetryAfterException}'s delay.
   *
   * @param random a uniform value in [0, 1)
   */
  public Duration delayAfter(int attempt, Throwable error, double random) {
    long baseNanos = base.toNanos();
    long capNanos = cap.toNanos();
    int shift = Math.min(attempt - 1, 62);
    long bound = baseNanos > (capNanos >> shift) ? capNanos : Math.min(capNanos, baseNanos << shift);
    long delay = (long) (bound * random);
    if (error instanceof RetryAfterException ra) {
      delay = Math.max(delay, ra.retryAfter().toNanos());
    }
    return Duration.ofNanos(delay);
  }
}
