package io.github.trialbook.batch;

import java.util.Locale;

/** How one stage of a trial ended; {@code NOT_RUN} after a failure, {@code SKIPPED} after an early end. */
public enum StageStatus {
  OK, FAILED, TIMEOUT, CANCELLED, SKIPPED, NOT_RUN;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
