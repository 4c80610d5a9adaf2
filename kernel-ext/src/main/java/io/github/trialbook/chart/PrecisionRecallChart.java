package io.github.trialbook.chart;

import io.github.trialbook.eval.PrecisionRecallCurve;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
    Map<String, double[][]> series = new LinkedHashMap<>();
    Charts.requireCurves(curves, "Metrics.precisionRecall(table, truth, score).by(\"config\")")
        .forEach((name, curve) -> series.put(
            String.format(Locale.ROOT, "%s (AP %.3f)", name, curve.averagePrecision()),
            new double[][] {curve.recall(), curve.precision()}));
    return Charts.unitCurves("Precision-recall curve", "Recall", "Precision", series,
        XYSeries.XYSeriesRenderStyle.Step, false);
  }
}
