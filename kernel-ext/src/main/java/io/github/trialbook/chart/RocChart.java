package io.github.trialbook.chart;

import io.github.trialbook.eval.EvalArgumentException;
import io.github.trialbook.eval.RocCurve;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYSeries;

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
    Map<String, double[][]> series = new LinkedHashMap<>();
    Charts.requireCurves(curves, "Metrics.roc(table, truth, score).by(\"config\")").forEach((name, curve) -> {
      double[] fpr = curve.fpr();
      double[] tpr = curve.tpr();
      if (Double.isNaN(fpr[fpr.length - 1]) || Double.isNaN(tpr[tpr.length - 1])) {
        throw new EvalArgumentException("ROC of " + name + " is undefined: its truth holds "
            + "only one class; leave it out or evaluate on data with both classes");
      }
      series.put(String.format(Locale.ROOT, "%s (AUC %.3f)", name, curve.auc()),
          new double[][] {fpr, tpr});
    });
    return Charts.unitCurves("ROC curve", "False positive rate", "True positive rate", series,
        XYSeries.XYSeriesRenderStyle.Line, true);
  }
}
