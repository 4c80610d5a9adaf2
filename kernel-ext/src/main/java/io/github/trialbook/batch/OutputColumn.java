package io.github.trialbook.batch;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

/**
 * Reads one results-table column from a record's outputs without building the table:
 * {@code stage} is the stage's output, {@code stage.field} a key of a map output or a component
 * of a record output (the table flattens outputs the same way). The name is resolved against the
 * stages once, when the spec is built.
 *
 * <pre>{@code
 * OutputColumn label = OutputColumn.of("final.label", spec.stageNames());
 * Object predicted = label.read(record);   // null when the stage gave nothing
 * }</pre>
 */
public final class OutputColumn {
  private final int stage;
  private final String field;
  /** The record type last seen and its accessor for {@link #field}: outputs rarely change type. */
  private volatile Object[] accessor;

  private OutputColumn(int stage, String field) {
    this.stage = stage;
    this.field = field;
  }

  /**
   * The column {@code column} of a batch with these stages.
   *
   * @throws BatchConfigException if it names no stage
   */
  public static OutputColumn of(String column, List<String> stageNames) {
    int exact = stageNames.indexOf(column);
    if (exact >= 0) {
      return new OutputColumn(exact, null);
    }
    for (int s = 0; s < stageNames.size(); s++) {
      String name = stageNames.get(s);
      if (column.startsWith(name + ".") && column.length() > name.length() + 1) {
        return new OutputColumn(s, column.substring(name.length() + 1));
      }
    }
    throw new BatchConfigException("column " + column + " names no stage of this batch; a "
        + "column is a stage name " + stageNames + " or stage.field, as in the results table");
  }

  /** The value in {@code r}, or null when the stage gave none or has no such field. */
  public Object read(TrialRecord r) {
    Object out = r.output(stage);
    if (field == null || out == null) {
      return out;
    }
    if (out instanceof Map<?, ?> map) {
      return map.get(field);
    }
    if (!(out instanceof Record)) {
      return null;
    }
    Object[] cached = accessor;
    if (cached == null || cached[0] != out.getClass()) {
      cached = new Object[] {out.getClass(), accessorOf(out.getClass())};
      accessor = cached;
    }
    Method m = (Method) cached[1];
    try {
      return m == null ? null : m.invoke(out);
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  private Method accessorOf(Class<?> type) {
    for (RecordComponent c : type.getRecordComponents()) {
      if (c.getName().equals(field)) {
        Method m = c.getAccessor();
        return m.trySetAccessible() ? m : null;
      }
    }
    return null;
  }
}
