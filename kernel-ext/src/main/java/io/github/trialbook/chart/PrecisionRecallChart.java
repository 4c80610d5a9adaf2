package io.github.trialbook.chart;

import io.github.trialbook.eval.PrecisionRecallCurve;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Precision-recall curves (recall on x), one stepped series per config named
 * {@code "<config> (AP 0.874)"}.
 *
 * <pre>{@code
 * ChartView chart = PrecisionRecallChart.of(Metrics.precisionRecall(results, "label",
 *     "stage1.score").positiveLabel("spam").by("config"));
 * }</pre>
 */
public final class PrecisionRecallChart {
  private PrecisionRecallChart() {}

  public static ChartView of(PrecisionRecallCurve curve) {
    return of(Map.of("PR", curve));
  }

  public static ChartView of(Map<String, PrecisionRecallCurve> curves) {
    if (curves == null || curves.isEmpty()) {
      throw new IllegalArgumentException("curves cannot be empty; pass "
          + "Metrics.precisionRecall(table, truth, score).by(\"config\")");
    }
    Map<String, double[][]> series = new LinkedHashMap<>();
    curves.forEach((name, curve) -> series.put(
        String.format(Locale.ROOT, "%s (AP %.3f)", name, curve.averagePrecision()),
        new double[][] {curve.recall(), curve.precision()}));
    return new ChartView((w, h) -> {
      XYChart chart = Charts.xy(w, h, "Precision-recall curve", "Recall", "Precision");
      Charts.unitSquare(chart);
      series.forEach((name, xy) -> Charts.line(chart, name, xy[0], xy[1])
          .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Step));
      return chart;
    }, ChartView.WIDTH, ChartView.HEIGHT);
  }
}
