package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import java.io.PrintStream;

/**
 * Text progress for consoles and logs. On a terminal the line is redrawn in place with
 * {@code \r}; elsewhere (a log file, a kernel without a display adapter) a new line is printed
 * at most every {@code lineEveryMillis}. The final line is always printed, followed by the
 * run's {@link Note}s.
 */
public final class ConsoleView implements ProgressView {
  private final PrintStream out;
  private final boolean terminal;
  private final long lineEveryMillis;
  private long lastPrint;
  private int lastLength;

  public ConsoleView(PrintStream out, boolean terminal, long lineEveryMillis) {
    this.out = out;
    this.terminal = terminal;
    this.lineEveryMillis = lineEveryMillis;
  }

  /** Standard error; redraws in place when a terminal is attached, else a line every 5 s. */
  public static ConsoleView standard() {
    return new ConsoleView(System.err, System.console() != null, 5000);
  }

  @Override
  public void update(ProgressSnapshot snapshot) {
    long now = System.currentTimeMillis();
    if (terminal) {
      redraw(TextProgress.line(snapshot));
    } else if (now - lastPrint >= lineEveryMillis) {
      lastPrint = now;
      out.println(TextProgress.line(snapshot));
    }
  }

  @Override
  public void finish(ProgressSnapshot snapshot) {
    if (terminal) {
      redraw(TextProgress.line(snapshot));
      out.println();
    } else {
      out.println(TextProgress.line(snapshot));
    }
    for (Object panel : snapshot.panels()) {
      if (panel instanceof Note note) {
        out.println(note);
      }
    }
    out.flush();
  }

  private void redraw(String line) {
    int pad = Math.max(0, lastLength - line.length());
    out.print("\r" + line + " ".repeat(pad));
    out.flush();
    lastLength = line.length();
  }
}
