package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Precision, recall, F1 and their averages from per-label counts, ported from scikit-learn's
 * {@code precision_recall_fscore_support} (1.2): F1 is {@code 2PR/(P+R)} after the zero-division
 * substitution, the weighted average special-cases an all-zero support, and with
 * {@link ZeroDivision#NAN} averages skip NaN (1.3+ semantics, where F1 is {@code 2tp/(2tp+fp+fn)}).
 */
final class Prf {
  static final String ACCURACY = "accuracy";
  static final String MICRO = "micro avg";
  static final String MACRO = "macro avg";
  static final String WEIGHTED = "weighted avg";

  /** One report's rows: the labels in {@code order}, then accuracy and (unless binary) the averages. */
  record Rows(int[] order, double[] precision, double[] recall, double[] f1, long[] support,
      List<Integer> noPredicted, List<Integer> noTrue) {
    int size() {
      return precision.length;
    }
  }

  private Prf() {}

  static int rowCount(int labels, boolean binary) {
    return labels + (binary ? 1 : 4);
  }

  static Rows compute(int[] order, LabelCounts counts, ZeroDivision zd, boolean binary) {
    int[] tp = counts.tp();
    int[] pc = counts.predicted();
    int[] tc = counts.actual();
    long correct = counts.correct();
    long n = counts.n();
    int l = order.length;
    int rows = rowCount(l, binary);
    double[] p = new double[rows];
    double[] r = new double[rows];
    double[] f = new double[rows];
    long[] s = new long[rows];
    List<Integer> noPred = new ArrayList<>();
    List<Integer> noTrue = new ArrayList<>();
    long tpSum = 0;
    long pcSum = 0;
    long tcSum = 0;
    for (int i = 0; i < l; i++) {
      int c = order[i];
      p[i] = zd.divide(tp[c], pc[c]);
      r[i] = zd.divide(tp[c], tc[c]);
      f[i] = f1(tp[c], pc[c], tc[c], p[i], r[i], zd);
      s[i] = tc[c];
      if (pc[c] == 0) {
        noPred.add(order[i]);
      }
      if (tc[c] == 0) {
        noTrue.add(order[i]);
      }
      tpSum += tp[c];
      pcSum += pc[c];
      tcSum += tc[c];
    }
    p[l] = Double.NaN;
    r[l] = Double.NaN;
    f[l] = (double) correct / n;
    s[l] = n;
    if (!binary) {
      int micro = l + 1;
      p[micro] = zd.divide(tpSum, pcSum);
      r[micro] = zd.divide(tpSum, tcSum);
      f[micro] = f1(tpSum, pcSum, tcSum, p[micro], r[micro], zd);
      s[micro] = tcSum;
      int macro = l + 2;
      p[macro] = average(p, l, null, zd);
      r[macro] = average(r, l, null, zd);
      f[macro] = average(f, l, null, zd);
      s[macro] = tcSum;
      int weighted = l + 3;
      s[weighted] = tcSum;
      if (tcSum == 0 && zd != ZeroDivision.NAN) {
        double v = zd.value();
        p[weighted] = pcSum == 0 ? v : 0.0;
        r[weighted] = v;
        f[weighted] = pcSum == 0 ? v : 0.0;
      } else {
        double[] w = new double[l];
        for (int i = 0; i < l; i++) {
          w[i] = s[i];
        }
        p[weighted] = average(p, l, w, zd);
        r[weighted] = average(r, l, w, zd);
        f[weighted] = average(f, l, w, zd);
      }
    }
    return new Rows(order, p, r, f, s, noPred, noTrue);
  }

  private static double f1(long tp, long pc, long tc, double p, double r, ZeroDivision zd) {
    if (zd == ZeroDivision.NAN) {
      return zd.divide(2 * tp, pc + tc);
    }
    double denom = p + r;
    return denom == 0.0 ? 0.0 : 2.0 * p * r / denom;
  }

  /** numpy's {@code average}; with NAN policy, NaN entries are skipped as {@code _nanaverage}. */
  private static double average(double[] values, int l, double[] weights, ZeroDivision zd) {
    double sum = 0;
    double wsum = 0;
    double plain = 0;
    int kept = 0;
    for (int i = 0; i < l; i++) {
      if (Double.isNaN(values[i]) && zd == ZeroDivision.NAN) {
        continue;
      }
      double w = weights == null ? 1.0 : weights[i];
      sum += values[i] * w;
      wsum += w;
      plain += values[i];
      kept++;
    }
    if (kept == 0) {
      return Double.NaN;
    }
    if (wsum == 0) {
      return plain / kept;
    }
    return sum / wsum;
  }
}
