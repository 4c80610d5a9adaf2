package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import java.util.function.Function;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Where a metric reads one value per row: a named column of the results table, or a function of
 * the row (for derived labels such as {@code row.getString("stage1.decision").equals("handoff")}).
 *
 * <pre>{@code
 * ValueSource truth = ValueSource.column("label");
 * ValueSource pred = ValueSource.of("final", row -> row.getString("stage2.prediction").trim());
 * Metrics.classification(table, truth, pred);
 * }</pre>
 *
 * <p>Immutable and thread-safe; a function source must itself be safe to call from one thread.
 */
public final class ValueSource {
  private final String name;
  private final Function<Row, ?> function;

  private ValueSource(String name, Function<Row, ?> function) {
    this.name = name;
    this.function = function;
  }

  /** The column with this name; a missing column fails when the metric runs, listing those that exist. */
  public static ValueSource column(String name) {
    if (name == null || name.isBlank()) {
      throw new EvalArgumentException(
          "column name cannot be null or blank; pass the name of a column of the results table");
    }
    return new ValueSource(name, null);
  }

  /** A value computed from each row; {@code name} labels it in tables and error messages. */
  public static ValueSource of(String name, Function<Row, ?> function) {
    if (name == null || name.isBlank()) {
      throw new EvalArgumentException(
          "source name cannot be null or blank; give the derived value a name such as \"handoff\"");
    }
    Checks.notNull(function, "function", "pass row -> value", EvalArgumentException::new);
    return new ValueSource(name, function);
  }

  /** The column name, or the name given to the function. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return function == null ? "column '" + name + "'" : "function '" + name + "'";
  }

  /** Reads values of this source from one table; null means missing. Not thread-safe. */
  interface Reader {
    Object get(int row);
  }

  Reader reader(Table table) {
    if (function == null) {
      Column<?> column = Tables.column(table, name);
      return i -> column.isMissing(i) ? null : column.get(i);
    }
    Row row = new Row(table);
    return i -> {
      row.at(i);
      return function.apply(row);
    };
  }
}
