package io.github.trialbook.store;

import java.util.Locale;

/**
 * The status a manifest records. A run is {@code running} while a process writes it; a later
 * process that finds {@code running} knows that process died, and reports it as {@link #CRASHED}.
 */
public enum RunStatus {
  RUNNING, FINISHED, CANCELLED, CRASHED;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static RunStatus ofLabel(String label) {
    return valueOf(label.toUpperCase(Locale.ROOT));
  }
}
