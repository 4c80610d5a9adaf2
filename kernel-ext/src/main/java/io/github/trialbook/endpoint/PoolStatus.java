package io.github.trialbook.endpoint;

import io.github.trialbook.internal.Durations;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import java.util.List;
import java.util.Locale;

/**
 * A snapshot of an {@link EndpointPool}: one {@link EndpointStatus} per endpoint and how many
 * callers are waiting for capacity. Immutable; renders as a small table (escaped HTML and text) for
 * the live view. An endpoint paused by a server's {@code Retry-After} says until when, e.g.
 * {@code paused by Retry-After until 12:03:10 UTC (59 min 59 s)}; one that is down or recovering
 * says why, e.g. {@code down: after 3 failed health probes (ConnectException: Connection
 * refused)}.
 *
 * <pre>{@code
 * PoolStatus s = pool.status();
 * System.out.println(s.toText());
 * if (s.allDown()) System.out.println("every endpoint is down; trials are waiting");
 * }</pre>
 *
 * @param endpoints one entry per endpoint, in pool order
 * @param waiting callers waiting for a healthy endpoint with free capacity
 * @param takenAtMillis wall-clock time of the snapshot
 */
public record PoolStatus(List<EndpointStatus> endpoints, int waiting, long takenAtMillis)
    implements Renderable {

  public PoolStatus {
    endpoints = List.copyOf(endpoints);
  }

  /** True when no endpoint can take requests now. */
  public boolean allDown() {
    return endpoints.stream().noneMatch(EndpointStatus::usable);
  }

  public int inFlight() {
    return endpoints.stream().mapToInt(EndpointStatus::inFlight).sum();
  }

  /** The named endpoint's status. */
  public EndpointStatus endpoint(String name) {
    return endpoints.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no endpoint named \"" + name
            + "\" in this pool; names are " + endpoints.stream().map(EndpointStatus::name)
            .toList()));
  }

  @Override
  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-14s %-10s %9s %9s %9s %7s %8s %8s %8s%n",
        "endpoint", "state", "in flight", "limit", "requests", "errors", "p50 ms", "p95 ms",
        "restarts"));
    for (EndpointStatus e : endpoints) {
      out.append(String.format(Locale.ROOT, "%-14s %-10s %9d %9s %9d %7d %8s %8s %8d%n",
          e.name(), e.state().label(), e.inFlight(), e.limit() + "/" + e.maxConcurrency(),
          e.requests(), e.errors(), millis(e.p50Ms()), millis(e.p95Ms()), e.restarts()));
      if (e.pausedByRetryAfter()) {
        out.append("  ").append(pauseNote(e)).append('\n');
      }
      if (!e.downReason().isEmpty()) {
        out.append("  ").append(e.state().label()).append(": ").append(e.downReason())
            .append('\n');
      }
      if (!e.lastError().isEmpty()) {
        out.append("  last error: ").append(e.lastError()).append('\n');
      }
    }
    if (waiting > 0) {
      out.append(waiting).append(allDown() ? " waiting: every endpoint is down\n"
          : " waiting for capacity\n");
    }
    return PlainText.escape(out.toString());
  }

  @Override
  public String toHtml() {
    StringBuilder out = new StringBuilder("<table class=\"trialbook-endpoints\">"
        + "<tr><th>endpoint</th><th>state</th><th>in flight</th><th>limit</th><th>requests</th>"
        + "<th>errors</th><th>p50 ms</th><th>p95 ms</th><th>restarts</th><th>last error</th></tr>");
    for (EndpointStatus e : endpoints) {
      out.append("<tr><td>").append(Html.escape(e.name()))
          .append("</td><td>").append(Html.escape(e.pausedByRetryAfter() ? pauseNote(e)
              : e.downReason().isEmpty() ? e.state().label()
              : e.state().label() + ": " + e.downReason()))
          .append("</td><td>").append(e.inFlight())
          .append("</td><td>").append(e.limit()).append('/').append(e.maxConcurrency())
          .append("</td><td>").append(e.requests())
          .append("</td><td>").append(e.errors())
          .append("</td><td>").append(millis(e.p50Ms()))
          .append("</td><td>").append(millis(e.p95Ms()))
          .append("</td><td>").append(e.restarts())
          .append("</td><td>").append(Html.escape(e.lastError()))
          .append("</td></tr>");
    }
    out.append("</table>");
    if (waiting > 0) {
      out.append("<p>").append(waiting).append(allDown() ? " waiting: every endpoint is down"
          : " waiting for capacity").append("</p>");
    }
    return out.toString();
  }

  private String pauseNote(EndpointStatus e) {
    return "paused by Retry-After until " + Durations.untilUtc(e.pausedUntilMillis(), takenAtMillis);
  }

  private static String millis(double ms) {
    return Double.isNaN(ms) ? "-" : String.format(Locale.ROOT, "%.1f", ms);
  }
}
