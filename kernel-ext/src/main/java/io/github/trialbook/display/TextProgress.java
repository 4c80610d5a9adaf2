package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.internal.PlainText;
import java.time.Duration;
import java.util.Locale;

/**
 * Formats a progress snapshot as one line of text, e.g.
 * {@code triage [######--------------] 31.0% stages 93/300 | trials 31/100 ok 29 failed 2 | retries 1
 * | running 8 | 41.2/s | ETA 0:02 | 0:01}.
 */
public final class TextProgress {
  private static final int BAR = 20;

  private TextProgress() {}

  public static String line(ProgressSnapshot p) {
    double fraction = p.fraction();
    int filled = (int) Math.round(fraction * BAR);
    StringBuilder sb = new StringBuilder(160);
    sb.append(p.batch()).append(" [").append("#".repeat(filled)).append("-".repeat(BAR - filled))
        .append("] ").append(String.format(Locale.ROOT, "%5.1f%%", fraction * 100))
        .append(" stages ").append(p.doneStages()).append('/').append(p.totalStages())
        .append(" | trials ").append(p.doneTrials()).append('/').append(p.totalTrials())
        .append(" ok ").append(p.okTrials()).append(" failed ").append(p.failedTrials());
    if (p.timedOutTrials() > 0) {
      sb.append(" timeout ").append(p.timedOutTrials());
    }
    if (p.cancelledTrials() > 0) {
      sb.append(" cancelled ").append(p.cancelledTrials());
    }
    if (p.stoppedTrials() > 0) {
      sb.append(" stopped ").append(p.stoppedTrials());
    }
    if (p.resumedTrials() > 0) {
      sb.append(" resumed ").append(p.resumedTrials());
    }
    sb.append(" | retries ").append(p.retries());
    if (p.state() == ProgressSnapshot.State.RUNNING) {
      sb.append(" | running ").append(p.runningTotal());
    }
    if (p.trialsPerSecond() > 0) {
      sb.append(" | ").append(String.format(Locale.ROOT, "%.1f/s", p.trialsPerSecond()));
    }
    p.eta().ifPresent(eta -> sb.append(" | ETA ").append(clock(eta.plusMillis(999))));
    sb.append(" | ").append(clock(p.elapsed()));
    if (p.state() == ProgressSnapshot.State.CANCELLED) {
      sb.append(" | cancelled — resumable");
    } else if (p.state() == ProgressSnapshot.State.FINISHED) {
      sb.append(" | finished");
    }
    return PlainText.escape(sb.toString());
  }

  /** {@code h:mm:ss} or {@code m:ss}. */
  public static String clock(Duration d) {
    long s = Math.max(0, d.getSeconds());
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
