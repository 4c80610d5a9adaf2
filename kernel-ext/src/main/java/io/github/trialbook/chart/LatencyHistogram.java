package io.github.trialbook.chart;

import io.github.trialbook.eval.EvalArgumentException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;

/**
 * Latency histograms, one overlapping series per stage column (e.g. {@code "stage1_ms"},
 * {@code "stage2_ms"}), on shared bins so stages compare directly. Missing latencies (stages that
 * did not run) are skipped.
 *
 * <pre>{@code
 * ChartView chart = LatencyHistogram.of(results, 30, "stage1_ms", "stage2_ms");
 * }</pre>
 */
public final class LatencyHistogram {
  private LatencyHistogram() {}

  /** 30 bins over the latency columns. */
  public static ChartView of(Table results, String... latencyColumns) {
    return of(results, 30, latencyColumns);
  }

  public static ChartView of(Table results, int bins, String... latencyColumns) {
    if (bins < 1 || bins > 500) {
      throw new EvalArgumentException("bins must be between 1 and 500 (was " + bins
          + "); e.g. 30");
    }
    if (latencyColumns == null || latencyColumns.length == 0) {
      throw new EvalArgumentException("name at least one latency column, e.g. \"stage1_ms\"; "
          + "columns of table '" + results.name() + "': " + results.columnNames());
    }
    Map<String, List<Double>> data = new LinkedHashMap<>();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (String name : latencyColumns) {
      NumericColumn<?> col = numeric(results, name);
      List<Double> values = new ArrayList<>();
      for (int r = 0; r < col.size(); r++) {
        double v = col.getDouble(r);
        if (!col.isMissing(r) && !Double.isNaN(v)) {
          values.add(v);
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
      if (values.isEmpty()) {
        throw new EvalArgumentException("column '" + name + "' has no latencies (all "
            + col.size() + " rows missing); leave it out");
      }
      data.put(name, values);
    }
    double lo = min;
    double hi = max > min ? max : min + 1;
    return new ChartView((w, h) -> {
      CategoryChart chart = new CategoryChartBuilder().width(w).height(h)
          .title("Latency per stage").xAxisTitle("Latency (ms)").yAxisTitle("Trials").build();
      TrialbookTheme.apply(chart.getStyler());
      chart.getStyler().setOverlapped(true).setXAxisLabelRotation(45)
          .setXAxisDecimalPattern(hi - lo >= bins ? "#,##0" : "#,##0.0");
      chart.getStyler().setXAxisMaxLabelCount(Math.min(bins, 12));
      data.forEach((name, values) -> {
        Histogram histogram = new Histogram(values, bins, lo, hi);
        chart.addSeries(name, histogram.getxAxisData(), histogram.getyAxisData());
      });
      return chart;
    }, ChartView.WIDTH, ChartView.HEIGHT);
  }

  static NumericColumn<?> numeric(Table table, String name) {
    return Charts.numeric(table, name, "pass a latency column in milliseconds");
  }
}
