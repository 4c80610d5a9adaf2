package io.github.trialbook.store;

/**
 * A stage returned an output that cannot be written to the checkpoint log. Thrown by
 * {@link RecordCodec#encode} on the worker thread, so the engine fails that one trial (see
 * {@link RecordCodec#failUnserializable}) and the log never sees a half-written line.
 */
public class UnserializableOutputException extends CheckpointException {
  private final String stage;

  public UnserializableOutputException(String stage, String message, Throwable cause) {
    super(message, cause);
    this.stage = stage;
  }

  /** The stage whose output failed, or null when the failure is not in an output. */
  public String stage() {
    return stage;
  }
}
