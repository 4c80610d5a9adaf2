package io.github.trialbook.display;

/**
 * A live-view, progress-panel or renderer setting is invalid, with a message naming the field, the
 * value and the fix; thrown where the setting is made. It extends {@link IllegalArgumentException}
 * like the other settings errors ({@code EndpointConfigException}, {@code EvalArgumentException}).
 *
 * <pre>{@code
 * LiveView.Options.defaults().withMaxBytes(10);
 * // DisplayConfigException: LiveView.Options.maxBytes=10: must be at least 1024; the default is 16384
 * }</pre>
 */
public class DisplayConfigException extends IllegalArgumentException {
  public DisplayConfigException(String message) {
    super(message);
  }
}
