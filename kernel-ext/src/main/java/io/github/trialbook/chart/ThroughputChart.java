package io.github.trialbook.chart;

import io.github.trialbook.eval.EvalArgumentException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Trials finished per second over the run, one series per config plus {@code "all"}: each trial
 * finishes at {@code started_at + latency_ms}; finishes are counted in buckets of equal length.
 * {@code started_at} may be an instant, a date-time (UTC) or epoch milliseconds.
 *
 * <pre>{@code
 * ChartView chart = ThroughputChart.of(results);                       // started_at, latency_ms
 * ChartView fine = ThroughputChart.of(results, "started_at", "latency_ms", "config",
 *     Duration.ofSeconds(5));
 * }</pre>
 */
public final class ThroughputChart {
  private ThroughputChart() {}

  /** Columns {@code started_at}, {@code latency_ms} and {@code config}; about 60 buckets. */
  public static ChartView of(Table results) {
    return of(results, "started_at", "latency_ms", results.containsColumn("config") ? "config"
        : null, null);
  }

  /**
   * @param seriesColumn one series per value (null for only "all")
   * @param bucket bucket length; null picks about 60 buckets of whole seconds
   */
  public static ChartView of(Table results, String startColumn, String latencyColumn,
      String seriesColumn, Duration bucket) {
    Column<?> start = Charts.column(results, startColumn);
    NumericColumn<?> latency = latencyColumn == null ? null
        : LatencyHistogram.numeric(results, latencyColumn);
    Column<?> series = seriesColumn == null ? null : Charts.column(results, seriesColumn);
    List<Double> finishes = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int r = 0; r < results.rowCount(); r++) {
      if (start.isMissing(r)) {
        continue;
      }
      double ms = epochMillis(start, r);
      if (latency != null && !latency.isMissing(r)) {
        ms += latency.getDouble(r);
      }
      finishes.add(ms);
      names.add(series == null ? null : String.valueOf(series.get(r)));
    }
    if (finishes.isEmpty()) {
      throw new EvalArgumentException("column '" + startColumn + "' has no start times; "
          + "pass the results table of a run");
    }
    double first = finishes.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double last = finishes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double bucketMs = bucket != null ? bucket.toMillis()
        : Math.max(1000, Math.ceil((last - first) / 60 / 1000) * 1000);
    if (bucketMs <= 0) {
      throw new EvalArgumentException("bucket must be at least 1 ms (was " + bucket
          + "); e.g. Duration.ofSeconds(5), or null for about 60 buckets");
    }
    int buckets = (int) Math.floor((last - first) / bucketMs) + 1;
    Map<String, double[]> counts = new TreeMap<>();
    double[] all = new double[buckets];
    for (int i = 0; i < finishes.size(); i++) {
      int b = (int) Math.floor((finishes.get(i) - first) / bucketMs);
      all[b]++;
      if (names.get(i) != null) {
        counts.computeIfAbsent(names.get(i), k -> new double[buckets])[b]++;
      }
    }
    double perSecond = 1000.0 / bucketMs;
    double[] x = new double[buckets];
    for (int b = 0; b < buckets; b++) {
      x[b] = b * bucketMs / 1000.0;
      all[b] *= perSecond;
    }
    counts.values().forEach(c -> {
      for (int b = 0; b < buckets; b++) {
        c[b] *= perSecond;
      }
    });
    String subtitle = String.format(Locale.ROOT, "Throughput (%s s buckets)",
        trim(bucketMs / 1000.0));
    return new ChartView((w, h) -> {
      XYChart chart = Charts.xy(w, h, subtitle, "Time since first finish (s)", "Trials / s");
      chart.getStyler().setYAxisMin(0.0);
      if (counts.size() > 1) {
        counts.forEach((name, c) -> Charts.line(chart, name, x, c));
      }
      Charts.line(chart, "all", x, all);
      return chart;
    }, ChartView.WIDTH, ChartView.HEIGHT);
  }

  private static String trim(double seconds) {
    return seconds == Math.rint(seconds) ? String.valueOf((long) seconds)
        : String.format(Locale.ROOT, "%.3f", seconds);
  }

  private static double epochMillis(Column<?> column, int row) {
    Object v = column.get(row);
    if (v instanceof Instant i) {
      return i.toEpochMilli();
    }
    if (v instanceof LocalDateTime t) {
      return t.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new EvalArgumentException("column '" + column.name() + "' holds " + v + " ("
        + column.type().name() + "); start times must be instants, date-times or epoch ms");
  }
}
