package io.github.trialbook.eval;

import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The precision-recall curve and average precision, as scikit-learn's
 * {@code precision_recall_curve} and {@code average_precision_score}: one point per distinct
 * score (ties together), recall decreasing, ending at (recall 0, precision 1) which has no
 * threshold. Without positives recall is 1 everywhere.
 *
 * <pre>{@code
 * PrecisionRecallCurve pr = Metrics.precisionRecall(results, "label", "stage1.score")
 *     .positiveLabel("spam");
 * double ap = pr.averagePrecision();
 * }</pre>
 */
public final class PrecisionRecallCurve extends ScoreMetric<PrecisionRecallCurve> {
  PrecisionRecallCurve(ScoreSpec spec) {
    super(spec, PrecisionRecallCurve::new);
  }

  /** Precision per point, the last being 1. */
  public double[] precision() {
    return precision(counts());
  }

  private static double[] precision(BinaryCounts c) {
    int n = c.size();
    double[] p = new double[n + 1];
    for (int i = 0; i < n; i++) {
      double ps = c.tps()[i] + c.fps()[i];
      p[n - 1 - i] = ps == 0 ? 0.0 : c.tps()[i] / ps;
    }
    p[n] = 1.0;
    return p;
  }

  /** Recall per point, decreasing, the last being 0. */
  public double[] recall() {
    return recall(counts());
  }

  private static double[] recall(BinaryCounts c) {
    int n = c.size();
    double total = c.tps()[n - 1];
    double[] r = new double[n + 1];
    for (int i = 0; i < n; i++) {
      r[n - 1 - i] = total == 0 ? 1.0 : c.tps()[i] / total;
    }
    r[n] = 0.0;
    return r;
  }

  /** Thresholds, increasing; one fewer than the points. */
  public double[] thresholds() {
    double[] t = counts().thresholds();
    int n = t.length;
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = t[n - 1 - i];
    }
    return out;
  }

  /** {@code -Σ (recall[i+1] - recall[i]) · precision[i]}, as {@code average_precision_score}. */
  public double averagePrecision() {
    return averagePrecision(counts());
  }

  /** Percentile bootstrap interval of the average precision. */
  public Bootstrap.Interval averagePrecisionInterval(Bootstrap bootstrap) {
    return interval(bootstrap, PrecisionRecallCurve::averagePrecision);
  }

  private static double averagePrecision(BinaryCounts c) {
    double[] p = precision(c);
    double[] r = recall(c);
    double sum = 0;
    for (int i = 0; i + 1 < r.length; i++) {
      sum += (r[i + 1] - r[i]) * p[i];
    }
    return -sum;
  }

  @Override
  public Table table() {
    double[] t = thresholds();
    double[] withEnd = java.util.Arrays.copyOf(t, t.length + 1);
    withEnd[t.length] = Double.NaN;
    return Table.create("precision-recall curve", DoubleColumn.create("threshold", withEnd),
        DoubleColumn.create("precision", precision()), DoubleColumn.create("recall", recall()));
  }

  @Override
  String title() {
    return String.format(Locale.ROOT, "Precision-recall curve: %s by %s (positive label %s), "
            + "average precision %.4f", spec.truth().name(), spec.score().name(), positive(),
        averagePrecision());
  }
}
