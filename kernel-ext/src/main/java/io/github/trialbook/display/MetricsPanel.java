package io.github.trialbook.display;

import io.github.trialbook.batch.event.LiveMetrics;
import io.github.trialbook.batch.event.LiveMetrics.Estimate;
import io.github.trialbook.render.Html;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The live metrics section of the progress panel: per config n and missing, every metric with
 * its anytime-valid interval, the difference to the leader, and why a config was stopped.
 * Config names and reasons are cut by the caller's rule and escaped here.
 */
final class MetricsPanel {
  private MetricsPanel() {}

  static String caption(LiveMetrics m) {
    return String.format(Locale.ROOT, "metrics, %.0f %% anytime-valid intervals%s%s",
        100 * m.confidence(), m.leader() == null ? "" : "; leader on " + m.primary() + ": "
        + m.leader(), m.shuffled() ? "" : " (natural order: the intervals describe the inputs "
        + "seen so far, not the whole list)");
  }

  static String text(LiveMetrics m, UnaryOperator<String> cut, int maxRows) {
    StringBuilder out = new StringBuilder(caption(m)).append(":\n");
    for (LiveMetrics.Row r : m.rows().subList(0, Math.min(maxRows, m.rows().size()))) {
      out.append("  ").append(cut.apply(r.config())).append(": n ").append(r.evaluated());
      if (r.missing() > 0) {
        out.append(" (").append(r.missing()).append(" missing)");
      }
      for (String name : m.metricNames()) {
        out.append(" · ").append(name).append(' ').append(estimate(r.metrics().get(name)));
      }
      out.append(versus(m, r));
      if (r.stoppedReason() != null) {
        out.append(" · ").append(cut.apply(r.stoppedReason()));
      }
      out.append('\n');
    }
    if (m.rows().size() > maxRows) {
      out.append("  … and ").append(m.rows().size() - maxRows).append(" more configs\n");
    }
    if (m.problem() != null) {
      out.append("  evaluation: ").append(cut.apply(m.problem())).append('\n');
    }
    return out.toString();
  }

  static String html(LiveMetrics m, UnaryOperator<String> cut, int maxRows) {
    StringBuilder out = new StringBuilder("<div>").append(Html.escape(caption(m)))
        .append("</div><table><tr><th>config</th><th>n</th><th>missing</th>");
    for (String name : m.metricNames()) {
      out.append("<th>").append(Html.escape(name)).append("</th>");
    }
    out.append("<th>vs leader</th><th>state</th></tr>");
    for (LiveMetrics.Row r : m.rows().subList(0, Math.min(maxRows, m.rows().size()))) {
      boolean stopped = r.stoppedReason() != null;
      out.append(stopped ? "<tr style=\"color:#888\">" : "<tr>").append("<td>")
          .append(Html.escape(cut.apply(r.config()))).append("</td><td>").append(r.evaluated())
          .append("</td><td>").append(r.missing()).append("</td>");
      for (String name : m.metricNames()) {
        out.append("<td>").append(Html.escape(estimate(r.metrics().get(name)))).append("</td>");
      }
      out.append("<td>").append(Html.escape(versus(m, r).replace(" · vs leader ", "")))
          .append("</td><td>").append(Html.escape(stopped ? cut.apply(r.stoppedReason())
          : r.config().equals(m.leader()) ? "leader" : "running")).append("</td></tr>");
    }
    out.append("</table>");
    if (m.rows().size() > maxRows) {
      out.append("<div>… and ").append(m.rows().size() - maxRows).append(" more configs</div>");
    }
    if (m.problem() != null) {
      out.append("<div style=\"color:#b22\">evaluation: ").append(Html.escape(cut.apply(
          m.problem()))).append("</div>");
    }
    return out.toString();
  }

  private static String versus(LiveMetrics m, LiveMetrics.Row r) {
    Estimate d = r.vsLeader();
    if (d == null) {
      return "";
    }
    return String.format(Locale.ROOT, " · vs leader %+.3f [%+.3f, %+.3f] over %d", d.value(),
        d.lower(), d.upper(), r.pairedInputs());
  }

  static String estimate(Estimate e) {
    if (e == null || Double.isNaN(e.value())) {
      return "—";
    }
    String live = String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", e.value(), e.lower(), e.upper());
    return Double.isNaN(e.fixedLower()) ? live : live + String.format(Locale.ROOT,
        " (fixed [%.3f, %.3f])", e.fixedLower(), e.fixedUpper());
  }
}
