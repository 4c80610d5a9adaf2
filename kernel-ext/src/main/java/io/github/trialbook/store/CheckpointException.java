package io.github.trialbook.store;

import io.github.trialbook.batch.TrialbookException;

/**
 * The run directory or its files cannot be used: the path is a file, not writable, the disk is
 * full, a log line is corrupt. The message names the path and the fix.
 */
public class CheckpointException extends TrialbookException {
  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
