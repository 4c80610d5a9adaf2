package io.github.trialbook.forecast;

import io.github.trialbook.internal.Durations;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a pilot projects for the rest of its batch: the wall time {@code runBatch} will take for
 * the remaining trials (a simulation of the queue with the batch's parallelism and resource
 * limits, with an 80 % interval), and per config the pilot's trials, failures, tokens and cost
 * with the tokens and cost projected for all of the config's trials. Immutable; shows itself as
 * a table in a notebook cell.
 *
 * <pre>{@code
 * Forecast f = Trialbook.pilot(spec, 0.02);   // a 2 % sample of every config, kept in the run
 * f                                            // the table
 * f.wallTime().high();                         // the pessimistic end of the interval
 * f.projectedCostUsd();                        // all configs, all trials
 * Trialbook.runBatch(spec);                    // runs the rest; the pilot's trials are not rerun
 * }</pre>
 */
public final class Forecast implements Renderable {
  private final String batch;
  private final int parallelism;
  private final int pilotTrials;
  private final Duration pilotElapsed;
  private final int remainingTrials;
  private final WallTime wallTime;
  private final List<ConfigForecast> configs;
  private final List<ProjectedMetric> projectedMetrics;

  Forecast(String batch, int parallelism, int pilotTrials, Duration pilotElapsed,
      int remainingTrials, WallTime wallTime, List<ConfigForecast> configs,
      List<ProjectedMetric> projectedMetrics) {
    this.batch = batch;
    this.parallelism = parallelism;
    this.pilotTrials = pilotTrials;
    this.pilotElapsed = pilotElapsed;
    this.remainingTrials = remainingTrials;
    this.wallTime = wallTime;
    this.configs = List.copyOf(configs);
    this.projectedMetrics = List.copyOf(projectedMetrics);
  }

  public String batch() {
    return batch;
  }

  /** The parallelism the wall time was simulated with: the spec's. */
  public int parallelism() {
    return parallelism;
  }

  /** The pilot's finished trials, all configs, whichever session ran them. */
  public int pilotTrials() {
    return pilotTrials;
  }

  /** How long this pilot call ran (short when an earlier pilot had run its trials already). */
  public Duration pilotElapsed() {
    return pilotElapsed;
  }

  /** The trials {@code runBatch} has left to run. */
  public int remainingTrials() {
    return remainingTrials;
  }

  /** The projected wall time of the remaining trials, with its 80 % interval. */
  public WallTime wallTime() {
    return wallTime;
  }

  /** One entry per config, in the spec's order. */
  public List<ConfigForecast> configs() {
    return configs;
  }

  /** The entry of the named config. */
  public ConfigForecast config(String name) {
    return configs.stream().filter(c -> c.config().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no config named \"" + name
            + "\" in the forecast of batch " + batch + "; configs are "
            + configs.stream().map(ConfigForecast::config).toList()));
  }

  /** Tokens projected for every trial of every config. */
  public long projectedTokens() {
    return configs.stream().mapToLong(ConfigForecast::projectedTokens).sum();
  }

  /** US dollars projected for every trial of every config. */
  public double projectedCostUsd() {
    return configs.stream().mapToDouble(ConfigForecast::projectedCostUsd).sum();
  }

  /**
   * The projected final intervals of the batch's metrics, shown after the table; empty for a
   * spec without {@code evaluate(...)}.
   */
  public List<ProjectedMetric> projectedMetrics() {
    return projectedMetrics;
  }

  /** This forecast with {@code metrics} as its {@link #projectedMetrics()}. */
  public Forecast withProjectedMetrics(List<ProjectedMetric> metrics) {
    return new Forecast(batch, parallelism, pilotTrials, pilotElapsed, remainingTrials, wallTime,
        configs, metrics);
  }

  private boolean anyUsage() {
    return configs.stream().anyMatch(ConfigForecast::usageMeasured);
  }

  @Override
  public String toText() {
    StringBuilder out = new StringBuilder();
    for (String line : summary()) {
      out.append(line).append('\n');
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(header());
    configs.forEach(c -> rows.add(cells(c)));
    int[] widths = new int[rows.get(0).size()];
    for (List<String> row : rows) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = row.get(i);
        line.append(i == 0 ? String.format(Locale.ROOT, "%-" + widths[i] + "s", cell)
            : String.format(Locale.ROOT, "  %" + widths[i] + "s", cell));
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    if (!projectedMetrics.isEmpty()) {
      out.append("projected metrics:\n");
      for (ProjectedMetric m : projectedMetrics) {
        out.append("  ").append(m).append('\n');
      }
    }
    return PlainText.escape(out.toString());
  }

  @Override
  public String toHtml() {
    StringBuilder out = new StringBuilder("<div class=\"trialbook-forecast\"><p><b>")
        .append(Html.escape(batch)).append("</b> forecast</p><ul>");
    for (String line : summary()) {
      out.append("<li>").append(Html.escape(line)).append("</li>");
    }
    out.append("</ul><table class=\"trialbook-forecast-configs\"><tr>");
    for (String h : header()) {
      out.append("<th>").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr>");
    for (ConfigForecast c : configs) {
      out.append("<tr>");
      for (String cell : cells(c)) {
        out.append("<td>").append(Html.escape(cell)).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</table>");
    if (!projectedMetrics.isEmpty()) {
      out.append("<p>Projected metrics (fixed-sample 95 % intervals):</p><table><tr><th>config"
          + "</th><th>metric</th><th>pilot</th><th>pilot n</th><th>projected</th>"
          + "<th>final n</th></tr>");
      for (ProjectedMetric m : projectedMetrics) {
        out.append("<tr><td>").append(Html.escape(m.config())).append("</td><td>")
            .append(Html.escape(m.metric())).append("</td><td>").append(Html.escape(String.format(
            Locale.ROOT, "%.3f [%.3f, %.3f]", m.pilotValue(), m.pilotLow(), m.pilotHigh())))
            .append("</td><td>").append(m.pilotEvaluated()).append("</td><td>")
            .append(Html.escape(String.format(Locale.ROOT, "[%.3f, %.3f]", m.projectedLow(),
            m.projectedHigh()))).append("</td><td>").append(m.finalEvaluated())
            .append("</td></tr>");
      }
      out.append("</table>");
    }
    return out.append("</div>").toString();
  }

  private List<String> summary() {
    List<String> lines = new ArrayList<>();
    lines.add("forecast of batch " + batch + ": " + remainingTrials + " trials left at parallelism "
        + parallelism);
    lines.add("wall time " + wallTime + ", from " + wallTime.simulations()
        + " simulations of the queue");
    lines.add("pilot: " + pilotTrials + " trials, this call " + Durations.readable(pilotElapsed));
    if (anyUsage()) {
      lines.add(String.format(Locale.ROOT, "projected for all trials: %,d tokens, %s",
          projectedTokens(), dollars(projectedCostUsd())));
    }
    return lines;
  }

  private List<String> header() {
    List<String> h = new ArrayList<>(List.of("config", "pilot", "trials", "failed",
        "mean latency"));
    if (anyUsage()) {
      h.addAll(List.of("pilot tokens", "pilot cost", "projected tokens", "projected cost"));
    }
    return h;
  }

  private List<String> cells(ConfigForecast c) {
    List<String> cells = new ArrayList<>(List.of(c.config(), Integer.toString(c.pilotTrials()),
        Integer.toString(c.trials()),
        String.format(Locale.ROOT, "%.1f %%", 100 * c.failureShare()),
        Durations.readable(c.meanLatency())));
    if (anyUsage()) {
      cells.addAll(c.usageMeasured()
          ? List.of(String.format(Locale.ROOT, "%,d", c.pilotTokens()), dollars(c.pilotCostUsd()),
              String.format(Locale.ROOT, "%,d", c.projectedTokens()),
              dollars(c.projectedCostUsd()))
          : List.of("-", "-", "-", "-"));
    }
    return cells;
  }

  /** Cents for sums of a dollar or more, else four significant digits ({@code $0.003120}). */
  private static String dollars(double usd) {
    return usd >= 1 || usd == 0 ? String.format(Locale.ROOT, "$%,.2f", usd)
        : String.format(Locale.ROOT, "$%.4g", usd);
  }

  @Override
  public String toString() {
    return toText();
  }
}
