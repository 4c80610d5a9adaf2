package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;

/**
 * The one pass that reads several value sources together and keeps the complete items, those
 * where every source has a value. A missing value fails the read with each source's count unless
 * the caller drops incomplete items, so reports, comparisons, confusion matrices and curves share
 * one missing-value policy and one message.
 */
final class CompleteRows {
  /** Receives each complete item as it is read; {@code values} is reused, one value per source. */
  interface Sink {
    void accept(int item, int index, Object[] values);
  }

  private CompleteRows() {}

  /**
   * Reads {@code items} items: source s reads row {@code rows[s][i]} for item i, or row i when
   * {@code rows} is null. Each complete item goes to {@code sink} with its position among the
   * complete ones ({@code index}); returns how many there were (at least one).
   */
  static int read(Table table, List<ValueSource> sources, int[][] rows, int items,
      boolean dropMissing, Sink sink) {
    int k = sources.size();
    ValueSource.Reader[] readers = new ValueSource.Reader[k];
    for (int s = 0; s < k; s++) {
      readers[s] = sources.get(s).reader(table);
    }
    int[] missing = new int[k];
    Object[] values = new Object[k];
    int complete = 0;
    for (int i = 0; i < items; i++) {
      boolean whole = true;
      for (int s = 0; s < k; s++) {
        values[s] = readers[s].get(rows == null ? i : rows[s][i]);
        if (values[s] == null) {
          missing[s]++;
          whole = false;
        }
      }
      if (whole) {
        sink.accept(i, complete++, values);
      }
    }
    String noun = rows == null ? "rows" : "paired rows";
    if (complete < items && !dropMissing) {
      List<String> counts = new ArrayList<>();
      for (int s = 0; s < k; s++) {
        counts.add(String.format(Locale.ROOT, s == 0 ? "%s has %d missing of %d " + noun
            : "%s has %d missing", sources.get(s), missing[s], items));
      }
      throw new EvalArgumentException("missing values: " + String.join(", ", counts)
          + "; call dropMissing() to skip those rows (e.g. failed trials), or filter the table "
          + "first, e.g. table.where(table.stringColumn(\"status\").isEqualTo(\"ok\"))");
    }
    if (complete == 0) {
      throw new EvalArgumentException("no rows to evaluate: table '" + table.name() + "' has "
          + items + " " + noun + " and none has " + (k == 2 ? "both " : "all of ")
          + names(sources) + "; check the column names and the filter");
    }
    return complete;
  }

  /** {@code a and b}, {@code a, b and c}. */
  private static String names(List<ValueSource> sources) {
    List<String> names = new ArrayList<>();
    sources.forEach(s -> names.add(s.toString()));
    String last = names.remove(names.size() - 1);
    return String.join(", ", names) + " and " + last;
  }
}
