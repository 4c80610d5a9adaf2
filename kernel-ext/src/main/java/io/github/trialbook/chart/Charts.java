package io.github.trialbook.chart;

import io.github.trialbook.eval.EvalArgumentException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Small helpers shared by the chart classes. */
final class Charts {
  private Charts() {}

  /** The column {@code name} of {@code table}; the error lists the columns that exist. */
  static Column<?> column(Table table, String name) {
    if (name == null || !table.containsColumn(name)) {
      throw new EvalArgumentException("column '" + name + "' not found in table '"
          + table.name() + "'; existing columns: " + table.columnNames() + "; pass one of them");
    }
    return table.column(name);
  }

  /** The numeric column {@code name}; {@code fix} says what to pass instead of another type. */
  static NumericColumn<?> numeric(Table table, String name, String fix) {
    Column<?> c = column(table, name);
    if (!(c instanceof NumericColumn<?> n)) {
      throw new EvalArgumentException("column '" + name + "' is " + c.type().name()
          + ", not numeric; " + fix);
    }
    return n;
  }

  static XYChart xy(int width, int height, String title, String xTitle, String yTitle) {
    XYChart chart = new XYChart(width, height);
    TrialbookTheme.apply(chart.getStyler());
    chart.setTitle(title);
    chart.setXAxisTitle(xTitle);
    chart.setYAxisTitle(yTitle);
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    chart.getStyler().setMarkerSize(0);
    return chart;
  }

  /** {@code curves} itself; an empty or null map is refused with {@code example} as the fix. */
  static <C> Map<String, C> requireCurves(Map<String, C> curves, String example) {
    if (curves == null || curves.isEmpty()) {
      throw new EvalArgumentException("curves cannot be empty; pass " + example);
    }
    return curves;
  }

  /**
   * Curves in the unit square, one line per series (name to {x, y}) drawn in {@code style}, and
   * the chance diagonal as a dashed series named {@code "chance"} when asked for.
   */
  static ChartView unitCurves(String title, String xTitle, String yTitle,
      Map<String, double[][]> series, XYSeries.XYSeriesRenderStyle style, boolean chance) {
    return new ChartView((w, h) -> {
      XYChart chart = xy(w, h, title, xTitle, yTitle);
      unitSquare(chart);
      series.forEach((name, xy) -> line(chart, name, xy[0], xy[1]).setXYSeriesRenderStyle(style));
      if (chance) {
        reference(chart, "chance", new double[] {0, 1}, new double[] {0, 1});
      }
      return chart;
    }, ChartView.WIDTH, ChartView.HEIGHT);
  }

  static void unitSquare(XYChart chart) {
    chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    chart.getStyler().setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
  }

  static XYSeries line(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineWidth(2f);
    return s;
  }

  static void reference(XYChart chart, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(Color.GRAY);
    s.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
        new float[] {4f, 4f}, 0f));
  }
}
