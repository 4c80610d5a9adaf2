package io.github.trialbook.batch;

/**
 * A batch spec is invalid. Thrown by {@link BatchSpec.Builder#build()} before any work starts; the
 * message names the field, the value and the fix.
 */
public class BatchConfigException extends TrialbookException {
  public BatchConfigException(String message) {
    super(message);
  }
}
