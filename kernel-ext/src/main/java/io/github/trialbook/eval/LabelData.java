package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The one reader of paired labels: truth and one or two predictions of every complete item as int
 * codes of one label dictionary, plus a dense group id per item, read from the table once.
 * Reports and confusion matrices read a row per item; comparisons read pairs of rows (config A's
 * row for truth and prediction A, config B's for prediction B). Everything downstream (reports,
 * confusion matrices, bootstrap, McNemar) counts over these arrays.
 */
final class LabelData {
  final Labels labels;
  final int[] truth;
  final int[] pred;
  /** The second prediction of a paired read; null otherwise. */
  final int[] predB;
  /** Index of each kept item among the items read (the row, when a row is an item). */
  final int[] items;
  /** Group id per kept item; all zero when ungrouped. */
  final int[] group;
  /** Group key values per group id, in sorted order; one empty key when ungrouped. */
  final List<List<Object>> groupKeys;
  final List<String> groupColumns;
  /** Items left out for a missing value. */
  final int dropped;

  private LabelData(Labels labels, int[][] codes, int[] items, int[] group,
      List<List<Object>> keys, List<String> groupColumns, int dropped) {
    this.labels = labels;
    this.truth = codes[0];
    this.pred = codes[1];
    this.predB = codes.length > 2 ? codes[2] : null;
    this.items = items;
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

  /** Truth and prediction of every row, grouped by the values of {@code groupColumns}. */
  static LabelData read(Table table, ValueSource truthSource, ValueSource predSource,
      List<String> groupColumns, boolean dropMissing) {
    Column<?>[] groupCols = new Column<?>[groupColumns.size()];
    for (int c = 0; c < groupCols.length; c++) {
      groupCols[c] = Tables.column(table, groupColumns.get(c));
    }
    LabelData read = read(table, List.of(truthSource, predSource), null, table.rowCount(),
        dropMissing);
    if (groupCols.length == 0) {
      return read;
    }
    int[] group = new int[read.size()];
    List<List<Object>> keys = groupIds(groupCols, read.items, group);
    return new LabelData(read.labels, new int[][] {read.truth, read.pred}, read.items, group,
        keys, List.copyOf(groupColumns), read.dropped);
  }

  /**
   * Paired items: item i reads truth and prediction A at row {@code rowsA[i]} and prediction B at
   * {@code rowsB[i]}; both null pair every row with itself.
   */
  static LabelData readPaired(Table table, ValueSource truthSource, ValueSource a, ValueSource b,
      int[] rowsA, int[] rowsB, boolean dropMissing) {
    int[][] rows = rowsA == null ? null : new int[][] {rowsA, rowsA, rowsB};
    int items = rowsA == null ? table.rowCount() : rowsA.length;
    return read(table, List.of(truthSource, a, b), rows, items, dropMissing);
  }

  private static LabelData read(Table table, List<ValueSource> sources, int[][] rows, int items,
      boolean dropMissing) {
    Labels labels = new Labels();
    String[] names = sources.stream().map(ValueSource::toString).toArray(String[]::new);
    int[][] codes = new int[sources.size()][items];
    int[] kept = new int[items];
    int n = CompleteRows.read(table, sources, rows, items, dropMissing, (item, k, values) -> {
      for (int s = 0; s < values.length; s++) {
        codes[s][k] = labels.code(values[s], names[s]);
      }
      kept[k] = item;
    });
    for (int s = 0; s < codes.length; s++) {
      codes[s] = Arrays.copyOf(codes[s], n);
    }
    return new LabelData(labels, codes, Arrays.copyOf(kept, n), new int[n], List.of(List.of()),
        List.of(), items - n);
  }

  /** The codes of labels a caller named (such as {@code labels(...)}), adding those not seen. */
  int[] codes(List<Object> given, String source) {
    int[] out = new int[given.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = labels.code(given.get(i), source);
    }
    return out;
  }

  /** The kept items of each group, by group id, in item order. */
  int[][] itemsByGroup() {
    int[] sizes = new int[groupCount()];
    for (int g : group) {
      sizes[g]++;
    }
    int[][] out = new int[sizes.length][];
    for (int g = 0; g < sizes.length; g++) {
      out[g] = new int[sizes[g]];
    }
    int[] next = new int[sizes.length];
    for (int i = 0; i < group.length; i++) {
      out[group[i]][next[group[i]]++] = i;
    }
    return out;
  }

  /**
   * Fills {@code out} with dense group ids (in sorted key order) and returns the keys. Each group
   * column is dictionary-encoded first; the per-row tuple of codes becomes one mixed-radix long,
   * mapped to a dense id through an array when the radix product is small (the usual case: a few
   * configs) and a hash map otherwise.
   */
  private static List<List<Object>> groupIds(Column<?>[] cols, int[] rows, int[] out) {
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
      for (int j = 0; j < kept; j++) {
        Object v = cols[k].get(rows[j]);
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
        codes[k][j] = lastCode;
      }
      dictValues.add(values);
      radix = Math.multiplyHigh(radix, values.size()) == 0 ? radix * values.size() : Long.MAX_VALUE;
    }
    if (radix == Long.MAX_VALUE) {
      List<String> names = new ArrayList<>();
      for (int k = 0; k < c; k++) {
        names.add(cols[k].name() + " (" + dictValues.get(k).size() + " values)");
      }
      throw new EvalArgumentException("by(...) columns " + names + " have too many value "
          + "combinations to group on; group by fewer or coarser columns");
    }
    List<long[]> composites = new ArrayList<>();
    int[] dense = radix <= (1 << 22) ? new int[(int) radix] : null;
    if (dense != null) {
      Arrays.fill(dense, -1);
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
