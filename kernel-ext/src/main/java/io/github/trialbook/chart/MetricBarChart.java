package io.github.trialbook.chart;

import io.github.trialbook.eval.ClassificationReport;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Grouped bars of one metric: one bar group per category (a class or an average), one colour per
 * series (a config), and the confidence interval as a whisker from its lower to its upper bound
 * (percentile intervals are not symmetric, so whiskers are drawn as lines, not symmetric error
 * bars). Series are named after the configs; the whiskers form one series named
 * {@code "95% CI"} (or the level in use).
 *
 * <pre>{@code
 * ClassificationReport report = Metrics.classification(results, "label", "final.prediction")
 *     .by("config").confidenceIntervals(Bootstrap.ofDefaults());
 * ChartView bars = MetricBarChart.of(report, "f1");
 * }</pre>
 */
public final class MetricBarChart {
  private static final double GROUP_WIDTH = 0.8;
  private static final String NUMBERS = "pass a column of numbers";

  private MetricBarChart() {}

  /**
   * Bars of {@code metric} ("precision", "recall" or "f1") per class row of a report, one series
   * per group; whiskers when the report has intervals.
   */
  public static ChartView of(ClassificationReport report, String metric) {
    Table t = report.table();
    Table rows = t.where(t.stringColumn("class").isNotEqualTo("accuracy"));
    String series = t.columnNames().indexOf("class") > 0 ? t.columnNames().get(0) : null;
    boolean ci = t.containsColumn(metric + "_lower");
    return of(rows, "class", series, metric, ci ? metric + "_lower" : null,
        ci ? metric + "_upper" : null);
  }

  /**
   * Bars of {@code value} by {@code category}, one series per value of {@code series} (null for a
   * single series), whiskers from {@code lower} to {@code upper} (both null for none).
   */
  public static ChartView of(Table table, String category, String series, String value,
      String lower, String upper) {
    Column<?> cat = Charts.column(table, category);
    Column<?> ser = series == null ? null : Charts.column(table, series);
    NumericColumn<?> val = Charts.numeric(table, value, NUMBERS);
    NumericColumn<?> lo = lower == null ? null : Charts.numeric(table, lower, NUMBERS);
    NumericColumn<?> hi = upper == null ? null : Charts.numeric(table, upper, NUMBERS);
    List<String> categories = new ArrayList<>();
    Map<String, Map<String, double[]>> bars = new LinkedHashMap<>();
    for (int r = 0; r < table.rowCount(); r++) {
      String c = String.valueOf(cat.get(r));
      if (!categories.contains(c)) {
        categories.add(c);
      }
      String s = ser == null ? value : String.valueOf(ser.get(r));
      bars.computeIfAbsent(s, k -> new LinkedHashMap<>()).put(c, new double[] {
          val.getDouble(r), lo == null ? Double.NaN : lo.getDouble(r),
          hi == null ? Double.NaN : hi.getDouble(r)});
    }
    String whiskerName = lower == null ? null : "interval";
    return new ChartView((w, h) -> draw(w, h, value, category, categories, bars, whiskerName),
        Math.max(ChartView.WIDTH, 120 + 50 * categories.size() * bars.size()), ChartView.HEIGHT,
        items(bars, whiskerName));
  }

  /** Bars per series and whiskers in all, as drawn (rows without a value draw nothing). */
  private static Map<String, String> items(Map<String, Map<String, double[]>> bars,
      String whiskerName) {
    Map<String, String> items = new LinkedHashMap<>();
    int whiskers = 0;
    for (Map.Entry<String, Map<String, double[]>> e : bars.entrySet()) {
      int drawn = 0;
      for (double[] v : e.getValue().values()) {
        if (!Double.isNaN(v[0])) {
          drawn++;
          whiskers += Double.isNaN(v[1]) || Double.isNaN(v[2]) ? 0 : 1;
        }
      }
      items.put(e.getKey(), ChartView.counted(drawn, "bar"));
    }
    if (whiskerName != null) {
      items.put(whiskerName, ChartView.counted(whiskers, "interval"));
    }
    return items;
  }

  private static XYChart draw(int w, int h, String value, String category,
      List<String> categories, Map<String, Map<String, double[]>> bars, String whiskerName) {
    XYChart chart = Charts.xy(w, h, value + " by " + category, category, value);
    chart.getStyler().setXAxisMin(-0.5).setXAxisMax(categories.size() - 0.5);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisTickMarkSpacingHint(Math.max(20, (w - 150) / categories.size()));
    // XChart drops every tick label when two are equal, so ticks between categories get
    // distinct invisible labels (zero-width spaces).
    chart.setCustomXAxisTickLabelsFormatter(x -> {
      long k = Math.round(x);
      boolean onCategory = Math.abs(x - k) < 1e-9 && k >= 0 && k < categories.size();
      return onCategory ? categories.get((int) k)
          : "\u200B".repeat(1 + (int) Math.max(0, Math.round(x * 4) + 8));
    });
    int s = bars.size();
    double width = GROUP_WIDTH / s;
    List<Double> wx = new ArrayList<>();
    List<Double> wy = new ArrayList<>();
    int index = 0;
    for (Map.Entry<String, Map<String, double[]>> e : bars.entrySet()) {
      List<Double> x = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int k = 0; k < categories.size(); k++) {
        double[] v = e.getValue().get(categories.get(k));
        if (v == null || Double.isNaN(v[0])) {
          continue;
        }
        double center = k + (index - (s - 1) / 2.0) * width;
        double left = center - width * 0.45;
        double right = center + width * 0.45;
        addAll(x, left, left, right, right, right);
        addAll(y, 0.0, v[0], v[0], 0.0, null);
        if (!Double.isNaN(v[1]) && !Double.isNaN(v[2])) {
          double cap = width * 0.15;
          addAll(wx, center, center, center, center - cap, center + cap, center, center - cap,
              center + cap, center);
          addAll(wy, v[1], v[2], null, v[2], v[2], null, v[1], v[1], null);
        }
      }
      if (!x.isEmpty()) {
        XYSeries bar = chart.addSeries(e.getKey(), x, y);
        bar.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        bar.setMarker(SeriesMarkers.NONE);
      }
      index++;
    }
    if (whiskerName != null && !wx.isEmpty()) {
      XYSeries whiskers = chart.addSeries(whiskerName, wx, wy);
      whiskers.setMarker(SeriesMarkers.NONE);
      whiskers.setLineColor(Color.BLACK);
      whiskers.setLineWidth(1.5f);
    }
    return chart;
  }

  private static void addAll(List<Double> list, Double... values) {
    list.addAll(java.util.Arrays.asList(values));
  }
}
