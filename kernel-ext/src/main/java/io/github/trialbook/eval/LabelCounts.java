package io.github.trialbook.eval;

import java.util.Arrays;

/**
 * Per-label counts of one prediction against the truth, by label code: true positives, items
 * predicted as and truly of each label, plus the correct and total items; what {@link Prf} turns
 * into precision, recall and F1. Counted from label codes or from a truth × prediction matrix (a
 * bootstrap resample), so reports and comparisons count the same way.
 */
record LabelCounts(int[] tp, int[] predicted, int[] actual, long correct, long n) {

  /** Counts over {@code items} (indices into the code arrays). */
  static LabelCounts of(int labels, int[] truth, int[] pred, int[] items) {
    int[] tp = new int[labels];
    int[] predicted = new int[labels];
    int[] actual = new int[labels];
    long correct = 0;
    for (int i : items) {
      actual[truth[i]]++;
      predicted[pred[i]]++;
      if (truth[i] == pred[i]) {
        tp[truth[i]]++;
        correct++;
      }
    }
    return new LabelCounts(tp, predicted, actual, correct, items.length);
  }

  /** Counts from a row-major {@code labels} × {@code labels} matrix, [truth][prediction]. */
  static LabelCounts ofMatrix(int[] matrix, int labels) {
    int[] tp = new int[labels];
    int[] predicted = new int[labels];
    int[] actual = new int[labels];
    long correct = 0;
    long n = 0;
    for (int a = 0; a < labels; a++) {
      for (int b = 0; b < labels; b++) {
        int v = matrix[a * labels + b];
        actual[a] += v;
        predicted[b] += v;
      }
      tp[a] = matrix[a * labels + a];
      correct += tp[a];
      n += actual[a];
    }
    return new LabelCounts(tp, predicted, actual, correct, n);
  }

  /** The labels of {@code sorted} that occur in truth or prediction, as scikit-learn reports. */
  int[] present(int[] sorted) {
    return Arrays.stream(sorted).filter(c -> predicted[c] + actual[c] > 0).toArray();
  }

  /** The report rows of the labels in {@code order}: see {@link Prf#compute}. */
  Prf.Rows prf(int[] order, ZeroDivision zeroDivision, boolean binary) {
    return Prf.compute(order, this, zeroDivision, binary);
  }
}
