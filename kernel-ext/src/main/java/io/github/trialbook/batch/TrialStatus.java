package io.github.trialbook.batch;

import java.util.Locale;

/**
 * How a trial ended. {@link #label()} is the value of the results table's {@code status} column.
 * {@code STOPPED} is a trial an early stop left unrun ({@link EarlyStop}): finished for a spec
 * that stops early, run again by one that does not.
 */
public enum TrialStatus {
  OK, FAILED, TIMEOUT, CANCELLED, STOPPED;

  /** Made once: a table of a million rows asks for it a million times. */
  private final String label = name().toLowerCase(Locale.ROOT);

  public String label() {
    return label;
  }

  /** A trial that need not run again on resume: it ran to an outcome. */
  public boolean isFinished() {
    return this != CANCELLED;
  }
}
