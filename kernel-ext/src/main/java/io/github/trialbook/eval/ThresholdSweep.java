package io.github.trialbook.eval;

import java.util.Locale;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Precision, recall and F1 of the rule {@code score >= threshold} at every distinct score, from
 * the highest threshold down, and the threshold with the best F1 (the highest such threshold on a
 * tie). Undefined precision or recall count as 0, as scikit-learn's {@code zero_division=0}.
 *
 * <pre>{@code
 * ThresholdSweep sweep = Metrics.thresholds(results, "label", "stage1.score").positiveLabel("spam");
 * double t = sweep.bestF1Threshold();
 * }</pre>
 */
public final class ThresholdSweep extends ScoreMetric<ThresholdSweep> {
  ThresholdSweep(ScoreSpec spec) {
    super(spec, ThresholdSweep::new);
  }

  @Override
  public Table table() {
    BinaryCounts c = counts();
    int n = c.size();
    double positives = c.tps()[n - 1];
    IntColumn tp = IntColumn.create("tp");
    IntColumn fp = IntColumn.create("fp");
    IntColumn fn = IntColumn.create("fn");
    DoubleColumn p = DoubleColumn.create("precision");
    DoubleColumn r = DoubleColumn.create("recall");
    DoubleColumn f = DoubleColumn.create("f1");
    for (int i = 0; i < n; i++) {
      double t = c.tps()[i];
      double fpi = c.fps()[i];
      tp.append((int) t);
      fp.append((int) fpi);
      fn.append((int) (positives - t));
      p.append(t + fpi == 0 ? 0.0 : t / (t + fpi));
      r.append(positives == 0 ? 0.0 : t / positives);
      f.append(f1(t, fpi, positives));
    }
    return Table.create("threshold sweep", DoubleColumn.create("threshold", c.thresholds()), tp,
        fp, fn, p, r, f);
  }

  private static double f1(double tp, double fp, double positives) {
    double denom = tp + fp + positives;
    return denom == 0 ? 0.0 : 2 * tp / denom;
  }

  /** Index (into the table, highest threshold first) of the best F1. */
  private int best() {
    BinaryCounts c = counts();
    double positives = c.tps()[c.size() - 1];
    int best = 0;
    double bestF = -1;
    for (int i = 0; i < c.size(); i++) {
      double f = f1(c.tps()[i], c.fps()[i], positives);
      if (f > bestF) {
        bestF = f;
        best = i;
      }
    }
    return best;
  }

  /** The threshold with the highest F1 (the highest threshold among ties). */
  public double bestF1Threshold() {
    return counts().thresholds()[best()];
  }

  /** The best F1 over all thresholds. */
  public double bestF1() {
    BinaryCounts c = counts();
    int b = best();
    return f1(c.tps()[b], c.fps()[b], c.tps()[c.size() - 1]);
  }

  @Override
  String title() {
    return String.format(Locale.ROOT, "Threshold sweep: %s by %s (positive label %s); best F1 "
            + "%.4f at threshold %s", spec.truth().name(), spec.score().name(), positive(),
        bestF1(), bestF1Threshold());
  }
}
