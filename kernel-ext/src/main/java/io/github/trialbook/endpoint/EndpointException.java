package io.github.trialbook.endpoint;

import io.github.trialbook.batch.TrialbookException;

/**
 * A retryable endpoint failure: a 5xx answer, a refused or dropped connection, or a request that
 * exceeded its timeout. The engine's default retry predicate retries it, and the pool sends the
 * next attempt of the same request to another healthy endpoint when there is one. Messages never
 * hold an API key.
 */
public class EndpointException extends TrialbookException {
  private final String endpoint;
  private final int status;

  public EndpointException(String endpoint, int status, String message, Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
    this.status = status;
  }

  /** The endpoint's name. */
  public String endpoint() {
    return endpoint;
  }

  /** The HTTP status, or 0 when no answer came (connection error, timeout). */
  public int status() {
    return status;
  }
}
