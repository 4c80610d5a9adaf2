package io.github.trialbook.eval;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/** Column look-ups whose errors list the columns that do exist. */
final class Tables {
  private Tables() {}

  static Table requireTable(Table table) {
    if (table == null) {
      throw new IllegalArgumentException(
          "table cannot be null; pass the results table, e.g. result.table()");
    }
    return table;
  }

  static Column<?> column(Table table, String name) {
    requireTable(table);
    if (!table.containsColumn(name)) {
      throw new IllegalArgumentException(
          "column '" + name + "' not found in table '" + table.name() + "'; existing columns: "
              + table.columnNames()
              + "; pass one of them, or ValueSource.of(name, row -> ...) for a derived value");
    }
    return table.column(name);
  }
}
