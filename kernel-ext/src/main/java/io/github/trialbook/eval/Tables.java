package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Column look-ups whose errors list the columns that do exist. */
final class Tables {
  private Tables() {}

  static Table requireTable(Table table) {
    return Checks.notNull(table, "table", "pass the results table, e.g. result.table()",
        EvalArgumentException::new);
  }

  static Column<?> column(Table table, String name) {
    requireTable(table);
    if (!table.containsColumn(name)) {
      throw new EvalArgumentException(
          "column '" + name + "' not found in table '" + table.name() + "'; existing columns: "
              + table.columnNames()
              + "; pass one of them, or ValueSource.of(name, row -> ...) for a derived value");
    }
    return table.column(name);
  }
}
