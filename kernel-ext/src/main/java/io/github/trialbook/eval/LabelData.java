package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Truth and prediction of every usable row as int label codes, plus a dense group id per row,
 * read from the table once. Everything downstream (reports, confusion matrices, bootstrap,
 * McNemar) counts over these arrays.
 */
final class LabelData {
  final Labels labels;
  final int[] truth;
  final int[] pred;
  /** Group id per kept row; all zero when ungrouped. */
  final int[] group;
  /** Group key values per group id, in sorted order; one empty key when ungrouped. */
  final List<List<Object>> groupKeys;
  final List<String> groupColumns;
  final int dropped;

  private LabelData(Labels labels, int[] truth, int[] pred, int[] group, List<List<Object>> keys,
      List<String> groupColumns, int dropped) {
    this.labels = labels;
    this.truth = truth;
    this.pred = pred;
    this.group = group;
    this.groupKeys = keys;
    this.groupColumns = groupColumns;
    this.dropped = dropped;
  }

  int size() {
    return truth.length;
  }

  int groupCount() {
    return groupKeys.size();
  }

  static LabelData read(Table table, ValueSource truthSource, ValueSource predSource,
      List<String> groupColumns, boolean dropMissing) {
    ValueSource.Reader truthReader = truthSource.reader(table);
    ValueSource.Reader predReader = predSource.reader(table);
    Column<?>[] groupCols = new Column<?>[groupColumns.size()];
    for (int c = 0; c < groupCols.length; c++) {
      groupCols[c] = Tables.column(table, groupColumns.get(c));
    }
    int n = table.rowCount();
    String truthName = truthSource.toString();
    String predName = predSource.toString();
    Labels labels = new Labels();
    int[] truth = new int[n];
    int[] pred = new int[n];
    int missingTruth = 0;
    int missingPred = 0;
    int kept = 0;
    boolean[] keep = new boolean[n];
    for (int i = 0; i < n; i++) {
      Object t = truthReader.get(i);
      Object p = predReader.get(i);
      if (t == null || p == null) {
        missingTruth += t == null ? 1 : 0;
        missingPred += p == null ? 1 : 0;
        continue;
      }
      truth[kept] = labels.code(t, truthName);
      pred[kept] = labels.code(p, predName);
      keep[i] = true;
      kept++;
    }
    if ((missingTruth > 0 || missingPred > 0) && !dropMissing) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "missing labels: %s has %d missing of %d rows, %s has %d missing; "
              + "call dropMissing() to skip those rows (e.g. failed trials), or filter the table "
              + "first, e.g. table.where(table.stringColumn(\"status\").isEqualTo(\"ok\"))",
          truthName, missingTruth, n, predName, missingPred));
    }
    if (kept == 0) {
      throw new IllegalArgumentException(
          "no rows to evaluate: table '" + table.name() + "' has " + n + " rows and none has both "
              + truthName + " and " + predName + "; check the column names and the filter");
    }
    int[] group = new int[kept];
    List<List<Object>> keys = groupCols.length == 0
        ? List.of(List.of())
        : groupIds(groupCols, keep, group);
    return new LabelData(labels, Arrays.copyOf(truth, kept), Arrays.copyOf(pred, kept), group,
        keys, List.copyOf(groupColumns), n - kept);
  }

  /**
   * Fills {@code out} with dense group ids (in sorted key order) and returns the keys. Each group
   * column is dictionary-encoded first; the per-row tuple of codes becomes one mixed-radix long,
   * mapped to a dense id through an array when the radix product is small (the usual case: a few
   * configs) and a hash map otherwise.
   */
  private static List<List<Object>> groupIds(Column<?>[] cols, boolean[] keep, int[] out) {
    int c = cols.length;
    int kept = out.length;
    int[][] codes = new int[c][kept];
    List<List<Object>> dictValues = new ArrayList<>();
    long radix = 1;
    for (int k = 0; k < c; k++) {
      Map<Object, Integer> dict = new HashMap<>();
      List<Object> values = new ArrayList<>();
      Object last = null;
      int lastCode = -1;
      int j = 0;
      for (int i = 0; i < keep.length; i++) {
        if (!keep[i]) {
          continue;
        }
        Object v = cols[k].get(i);
        if (v != last || lastCode < 0) {
          Integer code = dict.get(v);
          if (code == null) {
            code = values.size();
            dict.put(v, code);
            values.add(v);
          }
          last = v;
          lastCode = code;
        }
        codes[k][j++] = lastCode;
      }
      dictValues.add(values);
      radix = Math.multiplyHigh(radix, values.size()) == 0 ? radix * values.size() : Long.MAX_VALUE;
    }
    if (radix == Long.MAX_VALUE) {
      throw new IllegalArgumentException("by(...) columns have too many value combinations to "
          + "group on; group by fewer or coarser columns");
    }
    List<long[]> composites = new ArrayList<>();
    int[] dense = radix <= (1 << 22) ? new int[(int) radix] : null;
    if (dense != null) {
      java.util.Arrays.fill(dense, -1);
    }
    Map<Long, Integer> sparse = dense == null ? new HashMap<>() : null;
    for (int j = 0; j < kept; j++) {
      long key = 0;
      for (int k = 0; k < c; k++) {
        key = key * dictValues.get(k).size() + codes[k][j];
      }
      int id;
      if (dense != null) {
        id = dense[(int) key];
        if (id < 0) {
          id = composites.size();
          dense[(int) key] = id;
          composites.add(tuple(codes, j));
        }
      } else {
        Integer found = sparse.get(key);
        if (found == null) {
          found = composites.size();
          sparse.put(key, found);
          composites.add(tuple(codes, j));
        }
        id = found;
      }
      out[j] = id;
    }
    int g = composites.size();
    List<List<Object>> keys = new ArrayList<>(g);
    for (long[] tuple : composites) {
      List<Object> key = new ArrayList<>(c);
      for (int k = 0; k < c; k++) {
        key.add(dictValues.get(k).get((int) tuple[k]));
      }
      keys.add(key);
    }
    Integer[] order = new Integer[g];
    for (int i = 0; i < g; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(keys::get, LabelData::compareKeys));
    int[] rank = new int[g];
    List<List<Object>> sorted = new ArrayList<>(g);
    for (int r = 0; r < g; r++) {
      rank[order[r]] = r;
      sorted.add(List.copyOf(keys.get(order[r])));
    }
    for (int j = 0; j < kept; j++) {
      out[j] = rank[out[j]];
    }
    return sorted;
  }

  private static long[] tuple(int[][] codes, int row) {
    long[] t = new long[codes.length];
    for (int k = 0; k < codes.length; k++) {
      t[k] = codes[k][row];
    }
    return t;
  }

  private static int compareKeys(List<Object> a, List<Object> b) {
    for (int k = 0; k < a.size(); k++) {
      int cmp = Labels.compare(a.get(k), b.get(k));
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  /** Text of a group key for tables and messages. */
  String groupText(int g) {
    List<Object> key = groupKeys.get(g);
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < key.size(); k++) {
      sb.append(k == 0 ? "" : ", ").append(groupColumns.get(k)).append('=').append(key.get(k));
    }
    return sb.toString();
  }
}
