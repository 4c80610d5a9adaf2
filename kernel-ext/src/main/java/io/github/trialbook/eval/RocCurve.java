package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The ROC curve and its AUC, as scikit-learn's {@code roc_curve} / {@code roc_auc_score}: tied
 * scores form one point; with {@code dropIntermediate} (the default) collinear points are dropped;
 * the curve starts at (0, 0) with the threshold {@code max(score) + 1} (scikit-learn 1.2; 1.3+
 * uses +∞). Without negatives (or positives) FPR (or TPR) is NaN, and AUC is an error.
 *
 * <pre>{@code
 * RocCurve roc = Metrics.roc(results, "label", "stage1.score").positiveLabel("spam");
 * double auc = roc.auc();
 * Map<String, RocCurve> perConfig = roc.by("config");   // one series per config in RocChart
 * }</pre>
 */
public final class RocCurve extends ScoreMetric<RocCurve> {
  private final boolean dropIntermediate;

  RocCurve(ScoreSpec spec) {
    this(spec, true);
  }

  private RocCurve(ScoreSpec spec, boolean dropIntermediate) {
    super(spec, s -> new RocCurve(s, dropIntermediate));
    this.dropIntermediate = dropIntermediate;
  }

  /** Whether collinear, suboptimal thresholds are dropped (default true, as scikit-learn). */
  public RocCurve dropIntermediate(boolean drop) {
    return new RocCurve(spec, drop);
  }

  private record Points(double[] fpr, double[] tpr, double[] thresholds) {}

  private Points points(boolean drop) {
    return points(counts(), drop);
  }

  private static Points points(BinaryCounts c, boolean drop) {
    double[] fps = c.fps();
    double[] tps = c.tps();
    double[] thr = c.thresholds();
    int n = fps.length;
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean corner = !drop || n <= 2 || i == 0 || i == n - 1
          || (fps[i + 1] - 2 * fps[i] + fps[i - 1]) != 0
          || (tps[i + 1] - 2 * tps[i] + tps[i - 1]) != 0;
      if (corner) {
        keep.add(i);
      }
    }
    int m = keep.size() + 1;
    double[] fpr = new double[m];
    double[] tpr = new double[m];
    double[] t = new double[m];
    double fpTotal = fps[n - 1];
    double tpTotal = tps[n - 1];
    t[0] = thr[keep.get(0)] + 1;
    fpr[0] = fpTotal <= 0 ? Double.NaN : 0.0;
    tpr[0] = tpTotal <= 0 ? Double.NaN : 0.0;
    for (int k = 1; k < m; k++) {
      int i = keep.get(k - 1);
      fpr[k] = fpTotal <= 0 ? Double.NaN : fps[i] / fpTotal;
      tpr[k] = tpTotal <= 0 ? Double.NaN : tps[i] / tpTotal;
      t[k] = thr[i];
    }
    return new Points(fpr, tpr, t);
  }

  /** False positive rates, increasing. */
  public double[] fpr() {
    return points(dropIntermediate).fpr.clone();
  }

  /** True positive rates, increasing. */
  public double[] tpr() {
    return points(dropIntermediate).tpr.clone();
  }

  /** Thresholds, decreasing; element i gives fpr[i] and tpr[i] for score ≥ threshold. */
  public double[] thresholds() {
    return points(dropIntermediate).thresholds.clone();
  }

  /** Area under the ROC curve (trapezoids), as {@code roc_auc_score}. */
  public double auc() {
    int p = data().positives();
    int n = data().score().length;
    if (p == 0 || p == n) {
      throw new EvalArgumentException("AUC is undefined: " + spec.truth() + " holds only "
          + (p == 0 ? "negatives" : "positives") + " (" + n + " rows, positive label "
          + positive() + "); evaluate on data with both classes");
    }
    return area(counts());
  }

  /** Trapezoidal area under the curve with intermediate points dropped, as sklearn. */
  static double area(BinaryCounts counts) {
    Points pts = points(counts, true);
    double area = 0;
    for (int i = 1; i < pts.fpr.length; i++) {
      area += (pts.fpr[i] - pts.fpr[i - 1]) * (pts.tpr[i] + pts.tpr[i - 1]) / 2.0;
    }
    return area;
  }

  /** Percentile bootstrap interval of the AUC (resamples with one class only are left out). */
  public Bootstrap.Interval aucInterval(Bootstrap bootstrap) {
    auc();
    return interval(bootstrap, RocCurve::area);
  }

  @Override
  public Table table() {
    Points pts = points(dropIntermediate);
    return Table.create("roc curve", DoubleColumn.create("threshold", pts.thresholds),
        DoubleColumn.create("fpr", pts.fpr), DoubleColumn.create("tpr", pts.tpr));
  }

  @Override
  String title() {
    String t = "ROC curve: " + spec.truth().name() + " by " + spec.score().name()
        + " (positive label " + positive() + ")";
    int p = data().positives();
    return p == 0 || p == data().score().length ? t
        : t + String.format(Locale.ROOT, ", AUC %.4f", auc());
  }
}
