package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * What a score-based metric reads: truth, score, positive label, declared score range and the
 * missing-value policy. Reading validates every score (finite, in range) and turns truth into
 * positive / negative as scikit-learn's {@code pos_label} does.
 */
record ScoreSpec(Table table, ValueSource truth, ValueSource score, Object positive,
    double min, double max, boolean dropMissing) {

  static ScoreSpec of(Table table, ValueSource truth, ValueSource score) {
    Tables.requireTable(table);
    return new ScoreSpec(table, truth, score, null, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY, false);
  }

  ScoreSpec withPositive(Object label) {
    Checks.notNull(label, "positive label", "pass the positive class value",
        EvalArgumentException::new);
    return new ScoreSpec(table, truth, score, label, min, max, dropMissing);
  }

  ScoreSpec withRange(double lo, double hi) {
    if (!(lo < hi)) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "score range must have min < max (was [%s, %s]); e.g. scoreRange(0, 1)", lo, hi));
    }
    return new ScoreSpec(table, truth, score, positive, lo, hi, dropMissing);
  }

  ScoreSpec withDropMissing() {
    return new ScoreSpec(table, truth, score, positive, min, max, true);
  }

  ScoreSpec withTable(Table t) {
    return new ScoreSpec(t, truth, score, positive, min, max, dropMissing);
  }

  /** Binary truth and finite scores of the usable rows. */
  record Data(boolean[] positive, double[] score, Object positiveLabel) {
    int positives() {
      int p = 0;
      for (boolean b : positive) {
        p += b ? 1 : 0;
      }
      return p;
    }
  }

  Data read() {
    int n = table.rowCount();
    Object[] labels = new Object[n];
    double[] scores = new double[n];
    Set<Object> distinct = new HashSet<>();
    Labels kinds = new Labels();
    String truthName = truth.toString();
    int kept = CompleteRows.read(table, List.of(truth, score), null, n, dropMissing,
        (row, k, values) -> {
          kinds.code(values[0], truthName);
          scores[k] = toDouble(values[1], row);
          labels[k] = Labels.normalize(values[0], truthName);
          distinct.add(labels[k]);
        });
    Object pos = positiveLabel(distinct);
    boolean[] isPos = new boolean[kept];
    for (int i = 0; i < kept; i++) {
      isPos[i] = labels[i].equals(pos);
    }
    return new Data(isPos, Arrays.copyOf(scores, kept), pos);
  }

  private double toDouble(Object value, int row) {
    if (!(value instanceof Number)) {
      throw new EvalArgumentException(score + " holds the non-numeric value \"" + value
          + "\" at row " + row + "; scores must be numbers, e.g. a probability column");
    }
    double d = ((Number) value).doubleValue();
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new EvalArgumentException(score + " holds " + d + " at row " + row
          + "; scores must be finite: fix the scorer, or filter those rows "
          + "(dropMissing() skips only missing values)");
    }
    if (d < min || d > max) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "%s holds %s at row %d, outside the declared range [%s, %s]; fix the scorer or "
              + "declare the real range with scoreRange(min, max)", score, value, row, min, max));
    }
    return d;
  }

  private Object positiveLabel(Set<Object> distinct) {
    List<Object> found = new ArrayList<>(distinct);
    found.sort(Labels::compare);
    if (distinct.size() > 2 && positive == null) {
      throw new EvalArgumentException(truth + " holds " + distinct.size() + " labels "
          + Labels.texts(found) + "; name the positive class with "
          + "positiveLabel(...) for a one-vs-rest curve");
    }
    if (positive != null) {
      Object pos = Labels.normalize(positive, "positiveLabel(...)");
      if (!distinct.contains(pos)) {
        throw new EvalArgumentException("positive label " + positive + " does not occur in "
            + truth + "; labels found: " + Labels.texts(found)
            + "; pass one of them to positiveLabel(...)");
      }
      return pos;
    }
    Set<Object> ones = Set.of(0L, 1L, -1L);
    Set<Object> bools = Set.of(true, false);
    if (ones.containsAll(distinct) && !(distinct.contains(0L) && distinct.contains(-1L))) {
      return 1L;
    }
    if (bools.containsAll(distinct)) {
      return true;
    }
    throw new EvalArgumentException(truth + " holds labels " + Labels.texts(found)
        + "; name the positive one with positiveLabel(...), e.g. positiveLabel("
        + Labels.describe(found.get(0)) + ")");
  }

  /** One spec per value of {@code column}, in sorted order of the values. */
  Map<String, ScoreSpec> split(String column) {
    Column<?> col = Tables.column(table, column);
    Map<Object, List<Integer>> rows = new TreeMap<>(Labels::compare);
    for (int i = 0; i < table.rowCount(); i++) {
      rows.computeIfAbsent(col.get(i), k -> new ArrayList<>()).add(i);
    }
    Map<String, ScoreSpec> out = new LinkedHashMap<>();
    for (Map.Entry<Object, List<Integer>> e : rows.entrySet()) {
      int[] idx = e.getValue().stream().mapToInt(Integer::intValue).toArray();
      out.put(String.valueOf(e.getKey()), withTable(table.rows(idx)));
    }
    return out;
  }
}
