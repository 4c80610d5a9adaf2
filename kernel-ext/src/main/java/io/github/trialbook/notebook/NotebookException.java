package io.github.trialbook.notebook;

import io.github.trialbook.batch.TrialbookException;

/**
 * A notebook cannot be read, is not valid nbformat 4, cannot be saved, or a parameter cannot be
 * injected. The message names the file, the field (such as {@code cells[3].source}) or the
 * parameter, and what was wrong.
 */
public class NotebookException extends TrialbookException {
  public NotebookException(String message) {
    super(message);
  }

  public NotebookException(String message, Throwable cause) {
    super(message, cause);
  }
}
