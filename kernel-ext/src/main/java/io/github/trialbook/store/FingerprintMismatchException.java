package io.github.trialbook.store;

import java.util.List;

/**
 * The run directory holds a run of another spec: the message lists what differs (configs, stages,
 * inputs) and how to proceed; {@link #differences()} has the same lines for programs.
 */
public class FingerprintMismatchException extends CheckpointException {
  private final List<String> differences;

  public FingerprintMismatchException(String message, List<String> differences) {
    super(message);
    this.differences = List.copyOf(differences);
  }

  /** One line per difference, e.g. {@code config B: param threshold 0.5 -> 0.7}. */
  public List<String> differences() {
    return differences;
  }
}
