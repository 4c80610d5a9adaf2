package io.github.trialbook.batch;

import java.time.Duration;

/**
 * A stage failure that says when to try again, such as an HTTP 429 or 503 with {@code Retry-After}.
 * The retry policy waits at least {@link #retryAfter()} before the next attempt; it is retryable
 * whatever the policy's predicate says, while attempts remain and while the delay fits in what is
 * left of the stage's timeout (otherwise the trial fails at once with a
 * {@link RetryAfterBeyondTimeoutException}; see {@link BatchSpec.Builder#timeout}).
 *
 * <pre>{@code
 * if (response.statusCode() == 429) {
 *   throw new RetryAfterException("rate limited by " + host, Duration.ofSeconds(2));
 * }
 * }</pre>
 */
public class RetryAfterException extends TrialbookException {
  private final Duration retryAfter;

  public RetryAfterException(String message, Duration retryAfter) {
    super(message);
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? Duration.ZERO : retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
