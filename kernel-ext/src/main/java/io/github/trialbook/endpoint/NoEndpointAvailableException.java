package io.github.trialbook.endpoint;

import io.github.trialbook.batch.TrialbookException;

/**
 * No endpoint was up with free capacity within the pool's wait bound (see
 * {@code EndpointPool.Builder#maxWait}). Retryable: the trial goes back through the retry policy
 * instead of the whole batch failing in a burst while servers recover.
 */
public class NoEndpointAvailableException extends TrialbookException {
  public NoEndpointAvailableException(String message) {
    super(message);
  }
}
