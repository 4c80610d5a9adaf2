package io.github.trialbook.endpoint;

/**
 * An endpoint or pool setting is invalid: thrown by {@link Endpoint.Builder#build()} and
 * {@link EndpointPool.Builder} before any request is sent, with a message naming the field, the
 * value and the fix. Like {@link EndpointRequestException} it extends
 * {@link IllegalArgumentException}: retrying cannot fix a setting, and the engine's default retry
 * predicate does not retry it.
 *
 * <pre>{@code
 * Endpoint.builder("ftp://h/v1", "m").build();
 * // EndpointConfigException: baseUrl of endpoint h must be an http or https URL with a host ...
 * }</pre>
 */
public class EndpointConfigException extends IllegalArgumentException {
  public EndpointConfigException(String message) {
    super(message);
  }

  public EndpointConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
