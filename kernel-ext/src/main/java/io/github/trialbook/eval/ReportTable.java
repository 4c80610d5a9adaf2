package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The columns of a classification report, filled group by group: {@code [group columns...],
 * class, precision, recall, f1, support} and, with intervals, {@code precision_lower,
 * precision_upper, recall_lower, ...}.
 */
final class ReportTable {
  private final List<StringColumn> groups = new ArrayList<>();
  private final StringColumn cls = StringColumn.create("class");
  private final DoubleColumn precision = DoubleColumn.create("precision");
  private final DoubleColumn recall = DoubleColumn.create("recall");
  private final DoubleColumn f1 = DoubleColumn.create("f1");
  private final IntColumn support = IntColumn.create("support");
  private final List<DoubleColumn> bounds = new ArrayList<>();

  ReportTable(List<String> groupColumns, boolean intervals) {
    for (String g : groupColumns) {
      groups.add(StringColumn.create(g));
    }
    if (intervals) {
      for (String metric : List.of("precision", "recall", "f1")) {
        bounds.add(DoubleColumn.create(metric + "_lower"));
        bounds.add(DoubleColumn.create(metric + "_upper"));
      }
    }
  }

  void add(List<Object> key, List<String> names, Prf.Rows rows, double[][] ci) {
    for (int r = 0; r < rows.size(); r++) {
      for (int k = 0; k < groups.size(); k++) {
        groups.get(k).append(String.valueOf(key.get(k)));
      }
      cls.append(names.get(r));
      precision.append(rows.precision()[r]);
      recall.append(rows.recall()[r]);
      f1.append(rows.f1()[r]);
      support.append((int) rows.support()[r]);
      if (ci != null) {
        for (int m = 0; m < 3; m++) {
          double[] b = ci[m * rows.size() + r];
          bounds.get(2 * m).append(b[0]);
          bounds.get(2 * m + 1).append(b[1]);
        }
      }
    }
  }

  Table build() {
    Table t = Table.create("classification report");
    groups.forEach(t::addColumns);
    t.addColumns(cls, precision, recall, f1, support);
    bounds.forEach(t::addColumns);
    return t;
  }
}
