package io.github.trialbook.endpoint;

/**
 * The server refused the request itself (a 4xx other than 408 and 429: bad parameters, unknown
 * model, missing or wrong API key). Retrying would not help, so it extends
 * {@link IllegalArgumentException}, which the engine's default retry predicate does not retry.
 * The message carries the server's own message, with any API key redacted.
 */
public class EndpointRequestException extends IllegalArgumentException {
  private final String endpoint;
  private final int status;

  public EndpointRequestException(String endpoint, int status, String message) {
    super(message);
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
