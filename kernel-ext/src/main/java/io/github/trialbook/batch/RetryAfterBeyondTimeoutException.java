package io.github.trialbook.batch;

import io.github.trialbook.internal.Durations;
import java.time.Duration;

/**
 * A stage gave up without waiting: a {@link RetryAfterException} (such as an HTTP 429 with
 * {@code Retry-After}) asked for a delay longer than what was left of the stage's timeout. The
 * timeout is the stage's time budget, counted from the start of its first attempt across all its
 * attempts and the waits between them, so a server asking for an hour cannot hold a trial for an
 * hour. The cause is the server's exception; the trial is recorded as failed (a later
 * {@code rerun(spec, Select.failed())} tries it again).
 *
 * <pre>{@code
 * // Retry-After: 3600 against .timeout(Duration.ofMinutes(5)): the trial fails at once with
 * // "...; the server's delay (3600 s) is more than the 5 min left of the stage's timeout of 5 min ..."
 * r.failures().forEach(rec -> System.out.println(rec.error().message()));
 * }</pre>
 */
public class RetryAfterBeyondTimeoutException extends TrialbookException {
  private final String stage;
  private final Duration retryAfter;
  private final Duration left;
  private final Duration timeout;

  public RetryAfterBeyondTimeoutException(String stage, RetryAfterException cause, Duration left,
      Duration timeout) {
    super("stage " + stage + ": " + cause.getMessage() + "; the server's delay ("
        + Durations.seconds(cause.retryAfter()) + ") is more than the " + Durations.readable(left)
        + " left of the stage's timeout of " + Durations.readable(timeout) + " (counted from its"
        + " first attempt, across retries), so the trial fails now instead of waiting; raise"
        + " timeout(...) on the spec or the stage above the delay, or lower the load on the server"
        + " (parallelism, the endpoint's maxConcurrency)", cause);
    this.stage = stage;
    this.retryAfter = cause.retryAfter();
    this.left = left;
    this.timeout = timeout;
  }

  public String stage() {
    return stage;
  }

  /** The delay the server asked for. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** What was left of the stage's timeout when the server answered. */
  public Duration left() {
    return left;
  }

  public Duration timeout() {
    return timeout;
  }
}
