package io.github.trialbook.process;

import io.github.trialbook.batch.TrialbookException;
import java.util.List;

/**
 * A stage's program exited 0 but did not write every required artifact; the message names each
 * missing path or pattern. The trial fails: a case without its files is not a success.
 */
public class MissingArtifactsException extends TrialbookException {
  private final List<String> missing;

  public MissingArtifactsException(String message, List<String> missing) {
    super(message);
    this.missing = List.copyOf(missing);
  }

  /** The required paths or glob patterns that matched nothing. */
  public List<String> missing() {
    return missing;
  }
}
