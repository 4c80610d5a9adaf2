package io.github.trialbook.chart;

import io.github.trialbook.eval.RocCurve;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * ROC curves, one series per config named {@code "<config> (AUC 0.912)"}, with the chance
 * diagonal as a dashed reference series named {@code "chance"}.
 *
 * <pre>{@code
 * ChartView chart = RocChart.of(Metrics.roc(results, "label", "stage1.score")
 *     .positiveLabel("spam").by("config"));
 * }</pre>
 */
public final class RocChart {
  private RocChart() {}

  public static ChartView of(RocCurve curve) {
    return of(Map.of("ROC", curve));
  }

  public static ChartView of(Map<String, RocCurve> curves) {
    if (curves == null || curves.isEmpty()) {
      throw new IllegalArgumentException(
          "curves cannot be empty; pass Metrics.roc(table, truth, score).by(\"config\")");
    }
    Map<String, double[][]> series = new LinkedHashMap<>();
    curves.forEach((name, curve) -> {
      double[] fpr = curve.fpr();
      double[] tpr = curve.tpr();
      if (Double.isNaN(fpr[fpr.length - 1]) || Double.isNaN(tpr[tpr.length - 1])) {
        throw new IllegalArgumentException("ROC of " + name + " is undefined: its truth holds "
            + "only one class; leave it out or evaluate on data with both classes");
      }
      series.put(String.format(Locale.ROOT, "%s (AUC %.3f)", name, curve.auc()),
          new double[][] {fpr, tpr});
    });
    return new ChartView((w, h) -> {
      XYChart chart = Charts.xy(w, h, "ROC curve", "False positive rate", "True positive rate");
      Charts.unitSquare(chart);
      series.forEach((name, xy) -> Charts.line(chart, name, xy[0], xy[1]));
      Charts.reference(chart, "chance", new double[] {0, 1}, new double[] {0, 1});
      return chart;
    }, ChartView.WIDTH, ChartView.HEIGHT);
  }
}
