package io.github.trialbook.eval;

import java.util.Arrays;

/**
 * scikit-learn's {@code _binary_clf_curve}: for every distinct score, from the highest down, the
 * number of positives ({@code tps}) and negatives ({@code fps}) scoring at or above it. Tied
 * scores form one threshold. Positives and negatives are sorted separately (primitive sorts) and
 * merged, which gives the same counts as sklearn's stable argsort.
 */
record BinaryCounts(double[] fps, double[] tps, double[] thresholds) {

  static BinaryCounts of(ScoreSpec.Data data) {
    int n = data.score().length;
    int p = data.positives();
    double[] pos = new double[p];
    double[] neg = new double[n - p];
    int a = 0;
    int b = 0;
    for (int i = 0; i < n; i++) {
      if (data.positive()[i]) {
        pos[a++] = data.score()[i];
      } else {
        neg[b++] = data.score()[i];
      }
    }
    Arrays.sort(pos);
    Arrays.sort(neg);
    double[] fps = new double[n];
    double[] tps = new double[n];
    double[] thr = new double[n];
    int i = pos.length - 1;
    int j = neg.length - 1;
    int k = 0;
    long tp = 0;
    long fp = 0;
    while (i >= 0 || j >= 0) {
      double t = i < 0 ? neg[j] : j < 0 ? pos[i] : Math.max(pos[i], neg[j]);
      while (i >= 0 && pos[i] == t) {
        tp++;
        i--;
      }
      while (j >= 0 && neg[j] == t) {
        fp++;
        j--;
      }
      fps[k] = fp;
      tps[k] = tp;
      thr[k++] = t == 0.0 ? 0.0 : t;
    }
    return new BinaryCounts(Arrays.copyOf(fps, k), Arrays.copyOf(tps, k), Arrays.copyOf(thr, k));
  }

  int size() {
    return thresholds.length;
  }
}
