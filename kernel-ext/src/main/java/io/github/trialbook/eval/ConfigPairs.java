package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * The rows of two configs paired by an id column, for a comparison of configs on the same inputs:
 * pair i is config A's row {@code rowsA[i]} and config B's row {@code rowsB[i]}, in A's row order.
 * An id may occur once per config; rows without a partner are left out, and {@link #note} says so.
 */
record ConfigPairs(int[] rowsA, int[] rowsB, String note) {

  static ConfigPairs of(Table t, String configColumn, String pairBy, String configA,
      String configB) {
    Column<?> config = Tables.column(t, configColumn);
    Column<?> ids = Tables.column(t, pairBy);
    int n = t.rowCount();
    Map<Object, Integer> byIdB = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (configB.equals(String.valueOf(config.get(i))) && byIdB.put(ids.get(i), i) != null) {
        throw new EvalArgumentException(pairBy + " " + ids.get(i) + " occurs twice for config "
            + configB + "; pair by a unique id column");
      }
    }
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    int countA = 0;
    for (int i = 0; i < n; i++) {
      if (configA.equals(String.valueOf(config.get(i)))) {
        countA++;
        Integer j = byIdB.get(ids.get(i));
        if (j != null) {
          a.add(i);
          b.add(j);
        }
      }
    }
    if (countA == 0 || byIdB.isEmpty()) {
      List<Object> configs = new ArrayList<>(new TreeSet<>(
          config.asList().stream().map(String::valueOf).toList()));
      throw new EvalArgumentException("config " + (countA == 0 ? configA : configB)
          + " has no rows in column '" + configColumn + "'; configs found: " + configs);
    }
    if (a.isEmpty()) {
      throw new EvalArgumentException("no paired items to compare in table '" + t.name()
          + "': no " + pairBy + " of config " + configA + " occurs for config " + configB
          + "; pair by a column whose ids both configs share, e.g. pairBy(\"input_id\")");
    }
    String note = a.size() < countA || a.size() < byIdB.size()
        ? String.format(Locale.ROOT, "%d of %d rows of %s and %d of %d rows of %s are paired by "
            + "%s; unpaired rows are left out", a.size(), countA, configA, a.size(), byIdB.size(),
            configB, pairBy)
        : null;
    return new ConfigPairs(a.stream().mapToInt(Integer::intValue).toArray(),
        b.stream().mapToInt(Integer::intValue).toArray(), note);
  }
}
