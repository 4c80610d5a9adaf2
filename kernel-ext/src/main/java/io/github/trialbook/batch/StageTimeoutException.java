package io.github.trialbook.batch;

import java.time.Duration;

/** A stage attempt ran longer than its timeout and was interrupted (or abandoned). */
public class StageTimeoutException extends TrialbookException {
  private final String stage;
  private final Duration timeout;

  public StageTimeoutException(String stage, Duration timeout, boolean abandoned) {
    super("stage " + stage + " exceeded its timeout of " + timeout
        + (abandoned ? " and ignored the interrupt; its worker was replaced" : "")
        + "; raise it with timeout(...) on the spec or the stage");
    this.stage = stage;
    this.timeout = timeout;
  }

  public String stage() {
    return stage;
  }

  public Duration timeout() {
    return timeout;
  }
}
