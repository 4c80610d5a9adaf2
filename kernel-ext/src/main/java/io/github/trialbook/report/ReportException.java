package io.github.trialbook.report;

import io.github.trialbook.batch.TrialbookException;

/**
 * A report cannot be made as asked: a column it names is not in the results table, a run
 * directory holds no run, a file cannot be written. The message names the field and the fix.
 *
 * <pre>{@code
 * Trialbook.report(runDir).classification("label", "nope");
 * // ReportException: prediction column 'nope' is not in the results table of triage; ...
 * }</pre>
 */
public class ReportException extends TrialbookException {
  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
