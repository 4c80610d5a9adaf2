package io.github.trialbook.eval;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The numbers of a {@link Comparison} over paired label codes: for each subset of items, accuracy
 * and the macro (or positive-class) precision, recall and F1 of prediction A and B, the delta
 * B − A with its paired bootstrap interval, and McNemar's test where it applies (accuracy: all
 * items; recall in binary mode: the items whose truth is positive).
 */
final class PairedMetrics {
  private static final String[] METRICS = {"accuracy", "precision", "recall", "f1"};
  /** Paired resamples count a truth × A × B cube; beyond this many labels it gets too big. */
  private static final int CUBE_LABELS = 64;

  private final LabelData d;
  /** The positive label's code in binary mode, else -1. */
  private final int pos;
  private final boolean binary;
  private final double alpha;
  private final Bootstrap bootstrap;

  PairedMetrics(LabelData d, int pos, double alpha, Bootstrap bootstrap) {
    this.d = d;
    this.pos = pos;
    this.binary = pos >= 0;
    this.alpha = alpha;
    this.bootstrap = bootstrap;
  }

  /** Four rows (the metrics) per non-empty subset; prediction columns named nameA and nameB. */
  Table table(Map<String, boolean[]> masks, String nameA, String nameB) {
    StringColumn subset = StringColumn.create("subset");
    StringColumn metric = StringColumn.create("metric");
    DoubleColumn a = DoubleColumn.create(nameA);
    DoubleColumn b = DoubleColumn.create(nameB);
    DoubleColumn delta = DoubleColumn.create("delta");
    DoubleColumn lower = DoubleColumn.create("delta_lower");
    DoubleColumn upper = DoubleColumn.create("delta_upper");
    IntColumn items = IntColumn.create("n");
    IntColumn onlyA = IntColumn.create("only_" + nameA + "_correct");
    IntColumn onlyB = IntColumn.create("only_" + b.name() + "_correct");
    DoubleColumn pValue = DoubleColumn.create("p_value");
    StringColumn test = StringColumn.create("test");
    BooleanColumn significant = BooleanColumn.create("significant");
    int l = d.labels.size();
    int[] sorted = d.labels.sortedCodes();
    for (Map.Entry<String, boolean[]> e : masks.entrySet()) {
      int[] idx = indices(e.getValue());
      if (idx.length == 0) {
        continue;
      }
      LabelCounts countsA = LabelCounts.of(l, d.truth, d.pred, idx);
      LabelCounts countsB = LabelCounts.of(l, d.truth, d.predB, idx);
      int[] orderA = binary ? new int[] {pos} : countsA.present(sorted);
      int[] orderB = binary ? new int[] {pos} : countsB.present(sorted);
      double[] va = values(countsA, orderA, binary);
      double[] vb = values(countsB, orderB, binary);
      double[][] bounds = deltaBounds(idx, orderA, orderB);
      for (int m = 0; m < METRICS.length; m++) {
        subset.append(e.getKey());
        metric.append(METRICS[m]);
        a.append(va[m]);
        b.append(vb[m]);
        delta.append(vb[m] - va[m]);
        lower.append(bounds[m][0]);
        upper.append(bounds[m][1]);
        int only = m == 0 ? -1 : m == 2 && binary ? pos : -2;
        McNemar mc = only == -2 ? null : mcnemar(idx, only);
        if (mc != null) {
          items.append(only < 0 ? idx.length : countTruth(idx, only));
          onlyA.append((int) mc.onlyA());
          onlyB.append((int) mc.onlyB());
          pValue.append(mc.pValue());
          test.append(mc.test());
          significant.append(mc.pValue() < alpha);
        } else {
          items.append(idx.length);
          onlyA.appendMissing();
          onlyB.appendMissing();
          pValue.appendMissing();
          test.append("bootstrap interval");
          significant.append(bounds[m][0] > 0 || bounds[m][1] < 0);
        }
      }
    }
    return Table.create("comparison", subset, metric, a, b, delta, lower, upper, items, onlyA,
        onlyB, pValue, test, significant);
  }

  private int countTruth(int[] idx, int label) {
    int count = 0;
    for (int i : idx) {
      count += d.truth[i] == label ? 1 : 0;
    }
    return count;
  }

  private static int[] indices(boolean[] mask) {
    return IntStream.range(0, mask.length).filter(i -> mask[i]).toArray();
  }

  /** accuracy, precision, recall, f1 of one prediction's counts (macro averages unless binary). */
  private static double[] values(LabelCounts counts, int[] order, boolean binary) {
    Prf.Rows rows = counts.prf(order, ZeroDivision.ZERO, binary);
    int row = binary ? 0 : order.length + 2;
    return new double[] {rows.f1()[order.length], rows.precision()[row], rows.recall()[row],
        rows.f1()[row]};
  }

  /**
   * Paired bootstrap bounds of each delta. Each item is one cell of the truth × A × B cube, so a
   * resample counts a cube; both predictions' truth × prediction matrices come from it.
   */
  private double[][] deltaBounds(int[] idx, int[] orderA, int[] orderB) {
    int l = d.labels.requireAtMost(CUBE_LABELS, "comparisons");
    int[] cells = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      int i = idx[j];
      cells[j] = (d.truth[i] * l + d.pred[i]) * l + d.predB[i];
    }
    ThreadLocal<int[][]> matrices = ThreadLocal.withInitial(() -> new int[2][l * l]);
    return bootstrap.cellIntervals(cells, l * l * l, METRICS.length, (cube, out) -> {
      int[][] m = matrices.get();
      Arrays.fill(m[0], 0);
      Arrays.fill(m[1], 0);
      for (int c = 0; c < cube.length; c++) {
        if (cube[c] != 0) {
          int t = c / (l * l);
          m[0][t * l + (c / l) % l] += cube[c];
          m[1][t * l + c % l] += cube[c];
        }
      }
      double[] va = values(LabelCounts.ofMatrix(m[0], l), orderA, binary);
      double[] vb = values(LabelCounts.ofMatrix(m[1], l), orderB, binary);
      for (int k = 0; k < METRICS.length; k++) {
        out[k] = vb[k] - va[k];
      }
    });
  }

  /** McNemar over the items of {@code idx} (only those whose truth is {@code pos}, if given). */
  private McNemar mcnemar(int[] idx, int pos) {
    long onlyA = 0;
    long onlyB = 0;
    for (int i : idx) {
      if (pos >= 0 && d.truth[i] != pos) {
        continue;
      }
      boolean aRight = d.pred[i] == d.truth[i];
      boolean bRight = d.predB[i] == d.truth[i];
      if (aRight && !bRight) {
        onlyA++;
      } else if (bRight && !aRight) {
        onlyB++;
      }
    }
    return McNemar.of(onlyA, onlyB);
  }
}
