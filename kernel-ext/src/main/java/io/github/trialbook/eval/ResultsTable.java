package io.github.trialbook.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.RecordList;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.internal.Checks;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Turns trial records into a Tablesaw table, one row per trial: {@code config}, {@code input_id},
 * {@code status}, {@code attempts}, {@code error}, {@code worker}, {@code started_at},
 * {@code latency_ms}, {@code <stage>_ms} per stage, then the stage outputs: a scalar output becomes
 * column {@code <stage>}, a record, map or Jackson-serializable bean becomes one column per field,
 * {@code <stage>.<field>}. Column types follow the values: integers → int or long, other numbers →
 * double, booleans → boolean, anything else → string (nested structures as JSON).
 *
 * <pre>{@code
 * Table t = ResultsTable.of("triage", result.records());
 * t.where(t.stringColumn("status").isEqualTo("failed"));
 * }</pre>
 */
public final class ResultsTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Class<?>, RecordComponent[]> RECORD_COMPONENTS =
      new ConcurrentHashMap<>();

  private ResultsTable() {}

  /**
   * The results table with one column per sweep axis after {@code config}, holding each row's
   * config param, so {@code by("eps")} and pivots need no name parsing. An axis named like another
   * column is added as {@code param.<axis>}.
   */
  public static Table of(String name, List<TrialRecord> records, List<Config> configs,
      List<String> axes) {
    return withAxes(of(name, records), records, configs, axes);
  }

  /**
   * Only {@code columns} of the results table, in that order: the other columns are not built,
   * and the outputs of stages no column names are not read, so a few columns of a large run cost
   * a fraction of the whole table.
   *
   * @throws EvalArgumentException naming a column the table would not have, and those it has
   */
  public static Table select(String name, List<TrialRecord> records, List<Config> configs,
      List<String> axes, List<String> columns) {
    Checks.notNull(columns, "columns", "pass the column names, e.g. \"config\", \"status\"",
        EvalArgumentException::new);
    Set<String> wanted = new HashSet<>(columns);
    List<String> stages = records.isEmpty() ? List.of() : records.get(0).stageNames();
    Table table = withAxes(build(name, records, c -> wanted.contains(c),
        s -> wanted.stream().anyMatch(w -> w.equals(s) || w.startsWith(s + "."))), records,
        configs, axes.stream().filter(wanted::contains).toList());
    for (String c : columns) {
      if (!table.containsColumn(c)) {
        throw new EvalArgumentException("the results table has no column " + c + "; it has "
            + FIXED + ", <stage>_ms, the sweep axes " + axes + " and the outputs of stages "
            + stages + " (<stage> or <stage>.<field>)");
      }
    }
    return table.selectColumns(columns.toArray(String[]::new));
  }

  private static Table withAxes(Table table, List<TrialRecord> records, List<Config> configs,
      List<String> axes) {
    if (axes.isEmpty()) {
      return table;
    }
    Map<String, Config> byName = new HashMap<>();
    configs.forEach(c -> byName.put(c.name(), c));
    int at = 1;
    RecordList rows = records instanceof RecordList list ? list : null;
    for (String axis : axes) {
      Object[] values = new Object[records.size()];
      for (int row = 0; row < values.length; row++) {
        Config c = byName.get(rows != null ? rows.config(row) : records.get(row).config());
        values[row] = c == null ? null : c.params().get(axis);
      }
      String column = table.containsColumn(axis) ? "param." + axis : axis;
      table.insertColumn(at++, column(column, values));
    }
    return table;
  }

  /** The results table of {@code records} (all from one batch, so they share stage names). */
  public static Table of(String name, List<TrialRecord> records) {
    return build(name, records, c -> true, s -> true);
  }

  /** The columns a results table starts with, before the per-stage ones. */
  private static final List<String> FIXED = List.of("config", "input_id", "status", "attempts",
      "error", "worker", "started_at", "latency_ms");

  /**
   * The table with the fixed columns {@code column} keeps and the outputs of {@code stage}'s, in
   * one pass over the records (each read once, also when a list reads them from a trial log);
   * a {@link RecordList} with only key and status columns wanted reads no record at all.
   */
  private static Table build(String name, List<TrialRecord> records,
      java.util.function.Predicate<String> column, java.util.function.Predicate<String> stage) {
    int n = records.size();
    List<String> stages = n == 0 ? List.of() : records.get(0).stageNames();
    StringColumn config = StringColumn.create("config");
    StringColumn inputId = StringColumn.create("input_id");
    StringColumn status = StringColumn.create("status");
    IntColumn attempts = IntColumn.create("attempts");
    StringColumn error = StringColumn.create("error");
    IntColumn worker = IntColumn.create("worker");
    InstantColumn startedAt = InstantColumn.create("started_at");
    DoubleColumn latency = DoubleColumn.create("latency_ms");
    List<DoubleColumn> stageMs = new ArrayList<>();
    for (String s : stages) {
      stageMs.add(DoubleColumn.create(s + "_ms"));
    }
    boolean[] keep = new boolean[FIXED.size()];
    boolean needRecord = false;
    for (int i = 0; i < keep.length; i++) {
      keep[i] = column.test(FIXED.get(i));
      needRecord |= keep[i] && i >= KEY_COLUMNS;
    }
    boolean[] keepMs = new boolean[stages.size()];
    OutputValues[] outputs = new OutputValues[stages.size()];
    for (int s = 0; s < keepMs.length; s++) {
      keepMs[s] = column.test(stages.get(s) + "_ms");
      outputs[s] = stage.test(stages.get(s)) ? new OutputValues(stages.get(s), n) : null;
      needRecord |= keepMs[s] || outputs[s] != null;
    }
    if (!needRecord && records instanceof RecordList rows) {
      for (int row = 0; row < n; row++) {
        appendKeys(keep, config, inputId, status, rows.config(row), rows.inputId(row),
            rows.status(row));
      }
    } else {
      for (int row = 0; row < n; row++) {
        TrialRecord r = records.get(row);
        appendKeys(keep, config, inputId, status, r.config(), r.inputId(), r.status());
        appendFixed(r, keep, attempts, error, worker, startedAt, latency);
        for (int s = 0; s < stages.size(); s++) {
          if (keepMs[s]) {
            if (r.stageAttempts(s) == 0) {
              stageMs.get(s).appendMissing();
            } else {
              stageMs.get(s).append(r.stageNanos(s) / 1e6);
            }
          }
          if (outputs[s] != null && r.stageStatus(s) == StageStatus.OK) {
            outputs[s].add(row, r.output(s));
          }
        }
      }
    }
    Table table = Table.create(name);
    for (Column<?> c : List.of(config, inputId, status, attempts, error, worker, startedAt,
        latency)) {
      if (column.test(c.name())) {
        table.addColumns(c);
      }
    }
    stageMs.stream().filter(c -> column.test(c.name())).forEach(table::addColumns);
    for (OutputValues values : outputs) {
      if (values != null) {
        values.columns().forEach(table::addColumns);
      }
    }
    return table;
  }

  /** How many of {@link #FIXED} a {@link RecordList} answers without reading a record. */
  private static final int KEY_COLUMNS = 3;

  private static void appendKeys(boolean[] keep, StringColumn config, StringColumn inputId,
      StringColumn status, String c, String in, TrialStatus s) {
    if (keep[0]) {
      config.append(c);
    }
    if (keep[1]) {
      inputId.append(in);
    }
    if (keep[2]) {
      status.append(s.label());
    }
  }

  /** Appends {@code r}'s value to each fixed column {@code keep} marks, in {@link #FIXED} order. */
  private static void appendFixed(TrialRecord r, boolean[] keep, IntColumn attempts,
      StringColumn error, IntColumn worker, InstantColumn startedAt, DoubleColumn latency) {
    if (keep[3]) {
      attempts.append(r.attempts());
    }
    if (keep[4]) {
      if (r.error() == null) {
        error.appendMissing();
      } else {
        error.append(r.error().summary());
      }
    }
    if (keep[5]) {
      worker.append(r.worker());
    }
    if (keep[6]) {
      startedAt.append(Instant.ofEpochMilli(r.startedAtMillis()));
    }
    if (keep[7]) {
      latency.append(r.latencyNanos() / 1e6);
    }
  }

  /** One stage's outputs by row: scalars in one column, a structure's fields in one each. */
  private static final class OutputValues {
    private final String stage;
    private final int rows;
    private Object[] scalars;
    private final Map<String, Object[]> fields = new LinkedHashMap<>();

    OutputValues(String stage, int rows) {
      this.stage = stage;
      this.rows = rows;
    }

    void add(int row, Object out) {
      if (out == null) {
        return;
      }
      Map<String, Object> asFields = fieldsOf(out);
      if (asFields == null) {
        if (scalars == null) {
          scalars = new Object[rows];
        }
        scalars[row] = out;
      } else {
        for (Map.Entry<String, Object> e : asFields.entrySet()) {
          fields.computeIfAbsent(stage + "." + e.getKey(), k -> new Object[rows])[row] =
              e.getValue();
        }
      }
    }

    List<Column<?>> columns() {
      List<Column<?>> columns = new ArrayList<>();
      if (scalars != null) {
        columns.add(column(stage, scalars));
      }
      fields.forEach((name, values) -> columns.add(column(name, values)));
      return columns;
    }
  }

  /** The fields of a structured output, or null for a scalar. */
  private static Map<String, Object> fieldsOf(Object out) {
    if (isScalar(out)) {
      return null;
    }
    if (out instanceof Map<?, ?> map) {
      Map<String, Object> fields = new LinkedHashMap<>();
      map.forEach((k, v) -> fields.put(String.valueOf(k), v));
      return fields;
    }
    Class<?> type = out.getClass();
    if (type.isRecord()) {
      RecordComponent[] components = RECORD_COMPONENTS.computeIfAbsent(type, t -> {
        RecordComponent[] cs = t.getRecordComponents();
        for (RecordComponent c : cs) {
          c.getAccessor().setAccessible(true);
        }
        return cs;
      });
      Map<String, Object> fields = new LinkedHashMap<>();
      for (RecordComponent c : components) {
        try {
          fields.put(c.getName(), c.getAccessor().invoke(out));
        } catch (ReflectiveOperationException | RuntimeException e) {
          fields.put(c.getName(), null);
        }
      }
      return fields;
    }
    if (out instanceof Iterable<?> || type.isArray()) {
      return null;
    }
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> bean = JSON.convertValue(out, LinkedHashMap.class);
      return bean.isEmpty() ? null : bean;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof Number || v instanceof CharSequence || v instanceof Boolean
        || v instanceof Character || v instanceof Enum<?> || v instanceof java.time.temporal.Temporal;
  }

  private static Column<?> column(String name, Object[] values) {
    boolean allBool = true;
    boolean allInt = true;
    boolean allLong = true;
    boolean allNumber = true;
    boolean any = false;
    for (Object v : values) {
      if (v == null) {
        continue;
      }
      any = true;
      allBool &= v instanceof Boolean;
      boolean small = v instanceof Integer || v instanceof Short || v instanceof Byte;
      allInt &= small;
      allLong &= small || v instanceof Long;
      allNumber &= v instanceof Number;
    }
    if (any && allBool) {
      return fill(BooleanColumn.create(name), values, (c, v) -> c.append((Boolean) v));
    }
    if (any && allInt) {
      return fill(IntColumn.create(name), values, (c, v) -> c.append(((Number) v).intValue()));
    }
    if (any && allLong) {
      return fill(LongColumn.create(name), values, (c, v) -> c.append(((Number) v).longValue()));
    }
    if (any && allNumber) {
      return fill(DoubleColumn.create(name), values,
          (c, v) -> c.append(((Number) v).doubleValue()));
    }
    return fill(StringColumn.create(name), values, (c, v) -> c.append(text(v)));
  }

  /** Appends each value with {@code append}, a null as missing. */
  private static <C extends Column<?>> C fill(C column, Object[] values,
      BiConsumer<C, Object> append) {
    for (Object v : values) {
      if (v == null) {
        column.appendMissing();
      } else {
        append.accept(column, v);
      }
    }
    return column;
  }

  private static String text(Object v) {
    if (isScalar(v)) {
      return v instanceof Enum<?> e ? e.name() : v.toString();
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      return String.valueOf(v);
    }
  }
}
