package io.github.trialbook.endpoint;

import io.github.trialbook.batch.RetryAfterException;
import java.time.Duration;

/**
 * A 429, or a 503 carrying {@code Retry-After}: the engine's retry policy waits at least
 * {@link #retryAfter()} (zero when the server gave no time) before the next attempt, and the pool
 * sends nothing to this endpoint before that time. A delay beyond what is left of the stage's
 * timeout is not waited for: the trial fails at once
 * ({@link io.github.trialbook.batch.RetryAfterBeyondTimeoutException}).
 */
public class RateLimitedException extends RetryAfterException {
  private final String endpoint;
  private final int status;

  public RateLimitedException(String endpoint, int status, String message, Duration retryAfter) {
    super(message, retryAfter);
    this.endpoint = endpoint;
    this.status = status;
  }

  public String endpoint() {
    return endpoint;
  }

  public int status() {
    return status;
  }
}
