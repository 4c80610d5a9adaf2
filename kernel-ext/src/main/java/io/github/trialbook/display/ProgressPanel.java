package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.ConfigProgress;
import io.github.trialbook.batch.event.ProgressSnapshot.FailureNote;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws one {@link ProgressSnapshot} as HTML and text: a stage-level progress bar, trial counts,
 * rate and ETA, one line per config, the running tasks and the latest failures. Every list is
 * capped and every string shortened, so the output does not grow with the batch;
 * {@link #renderWithin} tightens the caps until the bundle fits a byte budget.
 *
 * <pre>{@code
 * Map<String, String> bundle = ProgressPanel.defaults().renderWithin(snapshot, 16 * 1024);
 * }</pre>
 */
public final class ProgressPanel {
  /** Caps: list lengths and characters per string. */
  public record Limits(int configs, int running, int failures, int chars) {
    public Limits {
      if (configs < 0 || running < 0 || failures < 0 || chars < 8) {
        throw new DisplayConfigException("ProgressPanel.Limits(configs=" + configs + ", running="
            + running + ", failures=" + failures + ", chars=" + chars
            + "): lists need >= 0 entries and strings >= 8 characters");
      }
    }

    Limits halved() {
      return new Limits(configs / 2, running / 2, failures / 2, Math.max(8, chars / 2));
    }

    boolean minimal() {
      return configs == 0 && running == 0 && failures == 0 && chars == 8;
    }
  }

  private static final int BAR_WIDTH = 30;

  private final Limits limits;

  public ProgressPanel(Limits limits) {
    this.limits = limits;
  }

  /** 12 configs, 8 running tasks, 5 failures, 120 characters per string. */
  public static ProgressPanel defaults() {
    return new ProgressPanel(new Limits(12, 8, 5, 120));
  }

  /** {@code text/plain} and {@code text/html} for {@code s}. */
  public Map<String, String> render(ProgressSnapshot s) {
    Map<String, String> bundle = new LinkedHashMap<>();
    bundle.put("text/plain", PlainText.escape(text(s)));
    bundle.put("text/html", html(s));
    return bundle;
  }

  /**
   * The richest rendering whose {@link #jsonBytes size} is at most {@code maxBytes}; with the
   * smallest caps still too big (absurd budgets), the text alone.
   */
  public Map<String, String> renderWithin(ProgressSnapshot s, int maxBytes) {
    Limits current = limits;
    while (true) {
      Map<String, String> bundle = new ProgressPanel(current).render(s);
      if (jsonBytes(bundle) <= maxBytes) {
        return bundle;
      }
      if (current.minimal()) {
        return Map.of("text/plain", PlainText.escape(headline(s, current.chars())));
      }
      current = current.halved();
    }
  }

  /** Bytes of the bundle once JSON-encoded as a message's {@code data}, UTF-8. */
  public static int jsonBytes(Map<String, String> bundle) {
    int total = 2;
    for (Map.Entry<String, String> e : bundle.entrySet()) {
      total += jsonStringBytes(e.getKey()) + jsonStringBytes(e.getValue()) + 2;
    }
    return total;
  }

  private static int jsonStringBytes(String s) {
    int n = 2;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
        n += 2;
      } else if (c < 0x20) {
        n += 6;
      } else if (c < 0x80) {
        n += 1;
      } else if (c < 0x800) {
        n += 2;
      } else if (Character.isSurrogate(c)) {
        n += 2; // a pair is 4 bytes
      } else {
        n += 3;
      }
    }
    return n;
  }

  // ---- text

  private String text(ProgressSnapshot s) {
    StringBuilder out = new StringBuilder(512);
    out.append(headline(s, limits.chars())).append('\n');
    int filled = (int) Math.round(s.fraction() * BAR_WIDTH);
    out.append('[').append("#".repeat(filled)).append("-".repeat(BAR_WIDTH - filled)).append("] ")
        .append(percent(s)).append(" of stages").append('\n');
    out.append(counts(s)).append('\n');
    out.append(timing(s)).append('\n');
    if (s.workers() != null) {
      out.append(cut(s.workers(), limits.chars() * 2)).append('\n');
    }
    List<ConfigProgress> configs = s.configs();
    for (int i = 0; i < Math.min(limits.configs(), configs.size()); i++) {
      ConfigProgress c = configs.get(i);
      out.append("  ").append(cut(c.config())).append(": ").append(c.done()).append('/')
          .append(c.total()).append(" done, ").append(c.failed()).append(" failed")
          .append(c.stopped() > 0 ? ", " + c.stopped() + " stopped" : "").append(spend(c))
          .append('\n');
    }
    if (configs.size() > limits.configs()) {
      out.append("  ").append(moreConfigs(configs)).append('\n');
    }
    if (s.notice() != null) {
      out.append(cut(s.notice(), limits.chars() * 4)).append('\n');
    }
    if (s.metrics() != null) {
      out.append(MetricsPanel.text(s.metrics(), this::cut, limits.configs()));
    }
    List<RunningTask> running = s.running();
    int shownRunning = Math.min(limits.running(), running.size());
    if (shownRunning > 0) {
      out.append("running:\n");
      for (int i = 0; i < shownRunning; i++) {
        out.append("  ").append(task(running.get(i), s.takenAtMillis())).append('\n');
      }
    }
    if (s.runningTotal() > shownRunning && limits.running() > 0) {
      out.append("  … and ").append(s.runningTotal() - shownRunning).append(" more running\n");
    }
    List<FailureNote> failures = latest(s.recentFailures(), limits.failures());
    if (!failures.isEmpty()) {
      out.append("latest failures:\n");
      for (FailureNote f : failures) {
        out.append("  ").append(cut(f.key())).append(" [").append(cut(f.stage())).append("] ")
            .append(cut(f.summary())).append('\n');
      }
    }
    for (Object panel : s.panels()) {
      out.append(cut(panelText(panel), panelBudget())).append('\n');
    }
    return out.toString().stripTrailing();
  }

  /** Characters a status panel may take; it shrinks with the other caps. */
  private int panelBudget() {
    return limits.chars() * 16;
  }

  private static String panelText(Object panel) {
    return panel instanceof Renderable r ? r.toText() : String.valueOf(panel);
  }

  /** A panel's own HTML when it fits the budget, else its text, escaped and cut. */
  private String panelHtml(Object panel) {
    if (panel instanceof Renderable r) {
      String html = r.toHtml();
      if (html.length() <= panelBudget() * 2) {
        return "<div class=\"trialbook-panel\">" + html + "</div>";
      }
    }
    return "<pre style=\"margin:0\">" + Html.escape(cut(panelText(panel), panelBudget()))
        + "</pre>";
  }

  // ---- html

  private String html(ProgressSnapshot s) {
    StringBuilder out = new StringBuilder(2048);
    String color = switch (s.state()) {
      case RUNNING -> "#4c78a8";
      case FINISHED -> s.failures() > 0 ? "#e45756" : "#54a24b";
      case CANCELLED -> "#f58518";
    };
    out.append("<div class=\"trialbook-progress\" style=\"font-family:monospace;font-size:12px\">");
    out.append("<div><b>").append(Html.escape(headline(s, limits.chars()))).append("</b></div>");
    out.append("<div style=\"background:#eee;width:360px;height:12px;border-radius:3px\">")
        .append("<div style=\"background:").append(color).append(";height:12px;border-radius:3px;width:")
        .append(percent(s)).append("\"></div></div>");
    out.append("<div>").append(Html.escape(percent(s) + " of stages · " + counts(s))).append("</div>");
    out.append("<div>").append(Html.escape(timing(s))).append("</div>");
    if (s.workers() != null) {
      out.append("<div>").append(Html.escape(cut(s.workers(), limits.chars() * 2))).append("</div>");
    }
    List<ConfigProgress> configs = s.configs();
    int shownConfigs = Math.min(limits.configs(), configs.size());
    if (shownConfigs > 0) {
      out.append("<table><tr><th>config</th><th>done</th><th>ok</th><th>failed</th></tr>");
      for (int i = 0; i < shownConfigs; i++) {
        ConfigProgress c = configs.get(i);
        out.append("<tr><td>").append(Html.escape(cut(c.config()))).append("</td><td>")
            .append(c.done()).append('/').append(c.total()).append("</td><td>").append(c.ok())
            .append("</td><td>").append(c.failed()).append(c.stopped() > 0 ? " (" + c.stopped()
            + " stopped)" : "").append(Html.escape(spend(c))).append("</td></tr>");
      }
      out.append("</table>");
    }
    if (configs.size() > limits.configs()) {
      out.append("<div>").append(Html.escape(moreConfigs(configs))).append("</div>");
    }
    if (s.notice() != null) {
      out.append("<div style=\"color:#b60\">").append(Html.escape(cut(s.notice(),
          limits.chars() * 4))).append("</div>");
    }
    if (s.metrics() != null) {
      out.append(MetricsPanel.html(s.metrics(), this::cut, limits.configs()));
    }
    List<RunningTask> running = s.running();
    int shownRunning = Math.min(limits.running(), running.size());
    if (shownRunning > 0) {
      out.append("<div>running:</div><ul style=\"margin:0\">");
      for (int i = 0; i < shownRunning; i++) {
        out.append("<li>").append(Html.escape(task(running.get(i), s.takenAtMillis()))).append("</li>");
      }
      out.append("</ul>");
    }
    if (s.runningTotal() > shownRunning && limits.running() > 0) {
      out.append("<div>… and ").append(s.runningTotal() - shownRunning).append(" more running</div>");
    }
    List<FailureNote> failures = latest(s.recentFailures(), limits.failures());
    if (!failures.isEmpty()) {
      out.append("<div>latest failures:</div><ul style=\"margin:0;color:#b22\">");
      for (FailureNote f : failures) {
        out.append("<li>").append(Html.escape(cut(f.key()))).append(" [")
            .append(Html.escape(cut(f.stage()))).append("] ").append(Html.escape(cut(f.summary())))
            .append("</li>");
      }
      out.append("</ul>");
    }
    for (Object panel : s.panels()) {
      out.append(panelHtml(panel));
    }
    out.append("</div>");
    return out.toString();
  }

  // ---- shared pieces

  private String headline(ProgressSnapshot s, int chars) {
    String name = cut(s.batch(), chars);
    return switch (s.state()) {
      case RUNNING -> name + ": running, " + s.doneTrials() + "/" + s.totalTrials() + " trials";
      case FINISHED -> name + ": finished, " + s.doneTrials() + "/" + s.totalTrials() + " trials ("
          + s.okTrials() + " ok, " + s.failures() + " failed)";
      case CANCELLED -> name + ": cancelled — resumable, " + s.doneTrials() + "/" + s.totalTrials()
          + " trials done (" + s.okTrials() + " ok, " + s.failures() + " failed), "
          + s.remainingTrials() + " left for resume";
    };
  }

  private static String counts(ProgressSnapshot s) {
    StringBuilder out = new StringBuilder();
    out.append("done ").append(s.doneTrials()).append('/').append(s.totalTrials())
        .append(" · ok ").append(s.okTrials())
        .append(" · failed ").append(s.failedTrials())
        .append(" · timed out ").append(s.timedOutTrials())
        .append(" · retried ").append(s.retries())
        .append(" · running ").append(s.runningTotal());
    if (s.cancelledTrials() > 0) {
      out.append(" · cancelled ").append(s.cancelledTrials());
    }
    if (s.stoppedTrials() > 0) {
      out.append(" · stopped early ").append(s.stoppedTrials());
    }
    if (s.resumedTrials() > 0) {
      out.append(" · resumed ").append(s.resumedTrials());
    }
    if (s.droppedEvents() > 0) {
      out.append(" · dropped events ").append(s.droppedEvents());
    }
    return out.toString();
  }

  /** What a config's outputs reported spending, or "" when nothing. */
  private static String spend(ConfigProgress c) {
    if (c.tokens() == 0 && c.costUsd() == 0) {
      return "";
    }
    return String.format(Locale.ROOT, " · %,d tokens · $%.4f", c.tokens(), c.costUsd());
  }

  private static String timing(ProgressSnapshot s) {
    String eta = s.eta().map(ProgressPanel::duration).orElse("—");
    String busy = s.utilisation() == null ? "" : String.format(Locale.ROOT, " · workers busy %.0f %%",
        100 * s.utilisation().overall());
    return rate(s) + " · elapsed " + duration(s.elapsed()) + " · ETA " + eta + busy;
  }

  /** The recent rate; before there is one (or in a batch too short to sample) the average. */
  private static String rate(ProgressSnapshot s) {
    double r = s.trialsPerSecond();
    if (!(r > 0) || Double.isInfinite(r)) {
      long ran = s.doneTrials() - s.resumedTrials();
      double seconds = s.elapsed().toNanos() / 1e9;
      r = ran > 0 && seconds > 0 ? ran / seconds : Double.NaN;
    }
    return Double.isFinite(r) ? String.format(Locale.ROOT, "%.1f trials/s", r) : "— trials/s";
  }

  private String task(RunningTask t, long now) {
    long since = Math.max(0, now - t.sinceMillis());
    return String.format(Locale.ROOT, "w%d %s × %s · %s%s%s · %.1fs", t.worker(), cut(t.config()),
        cut(t.inputId()), cut(t.stage()), t.attempt() > 1 ? " (attempt " + t.attempt() + ")" : "",
        t.waiting() ? " waiting for a permit" : "", since / 1000.0)
        + (t.note() == null || t.note().isEmpty() ? "" : " · " + cut(t.note()));
  }

  private String moreConfigs(List<ConfigProgress> configs) {
    long total = 0;
    long done = 0;
    long failed = 0;
    for (ConfigProgress c : configs.subList(limits.configs(), configs.size())) {
      total += c.total();
      done += c.done();
      failed += c.failed();
    }
    return "… and " + (configs.size() - limits.configs()) + " more configs: " + done + "/" + total
        + " done, " + failed + " failed";
  }

  private static List<FailureNote> latest(List<FailureNote> failures, int max) {
    return failures.subList(Math.max(0, failures.size() - max), failures.size());
  }

  private static String percent(ProgressSnapshot s) {
    return String.format(Locale.ROOT, "%.1f%%", s.fraction() * 100);
  }

  private String cut(String value) {
    return cut(value, limits.chars());
  }

  private static String cut(String value, int chars) {
    if (value == null) {
      return "";
    }
    String flat = value.replace('\n', ' ').replace('\r', ' ');
    return flat.length() <= chars ? flat : flat.substring(0, chars - 1) + "…";
  }

  private static String duration(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
