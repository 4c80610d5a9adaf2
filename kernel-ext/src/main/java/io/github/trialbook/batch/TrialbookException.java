package io.github.trialbook.batch;

/** The unchecked root of every exception Trialbook throws on purpose. */
public class TrialbookException extends RuntimeException {
  public TrialbookException(String message) {
    super(message);
  }

  public TrialbookException(String message, Throwable cause) {
    super(message, cause);
  }
}
