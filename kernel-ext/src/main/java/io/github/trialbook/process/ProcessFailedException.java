package io.github.trialbook.process;

import io.github.trialbook.batch.TrialbookException;
import java.util.List;

/**
 * A stage's program ended with a non-zero exit code or was killed by a signal. The message holds
 * the command (secrets masked), the exit code or signal and the last lines of its stderr; the
 * trial fails, the batch goes on.
 */
public class ProcessFailedException extends TrialbookException {
  private final int exitCode;
  private final List<String> stderrTail;

  public ProcessFailedException(String message, int exitCode, List<String> stderrTail) {
    super(message);
    this.exitCode = exitCode;
    this.stderrTail = List.copyOf(stderrTail);
  }

  /** The exit code as the JVM saw it (128 + n for a program killed by signal n). */
  public int exitCode() {
    return exitCode;
  }

  public List<String> stderrTail() {
    return stderrTail;
  }
}
