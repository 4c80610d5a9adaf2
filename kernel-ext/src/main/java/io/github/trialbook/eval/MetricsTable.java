package io.github.trialbook.eval;

import io.github.trialbook.batch.event.LiveMetrics;
import io.github.trialbook.batch.event.LiveMetrics.Estimate;
import io.github.trialbook.internal.Checks;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The live metrics of a batch as a table, one row per config: {@code evaluated}, {@code missing},
 * every metric with its anytime-valid interval ({@code f1}, {@code f1_low}, {@code f1_high}),
 * the fixed-sample interval once the batch has ended ({@code f1_fixed_low},
 * {@code f1_fixed_high}), the difference to the leader on the primary metric
 * ({@code vs_leader}, {@code vs_leader_low}, {@code vs_leader_high}, over {@code paired}
 * inputs), {@code state} ({@code leader}, {@code running} or {@code stopped}) and the early-stop
 * {@code reason}.
 *
 * <pre>{@code
 * Table m = MetricsTable.of(result.progress().metrics());
 * }</pre>
 */
public final class MetricsTable {
  private MetricsTable() {}

  /** The table of {@code metrics}; its name says the confidence and the primary metric. */
  public static Table of(LiveMetrics metrics) {
    Checks.notNull(metrics, "metrics", "pass the metrics of a spec with evaluate(...)",
        EvalArgumentException::new);
    StringColumn config = StringColumn.create("config");
    LongColumn evaluated = LongColumn.create("evaluated");
    LongColumn missing = LongColumn.create("missing");
    Table t = Table.create(String.format(java.util.Locale.ROOT, "metrics (%.0f %% anytime-valid "
        + "intervals; leader on %s)", 100 * metrics.confidence(), metrics.primary()));
    t.addColumns(config, evaluated, missing);
    boolean fixed = metrics.rows().stream().flatMap(r -> r.metrics().values().stream())
        .anyMatch(e -> !Double.isNaN(e.fixedLower()));
    for (String m : metrics.metricNames()) {
      t.addColumns(DoubleColumn.create(m), DoubleColumn.create(m + "_low"),
          DoubleColumn.create(m + "_high"));
      if (fixed) {
        t.addColumns(DoubleColumn.create(m + "_fixed_low"), DoubleColumn.create(m + "_fixed_high"));
      }
    }
    DoubleColumn vs = DoubleColumn.create("vs_leader");
    DoubleColumn vsLow = DoubleColumn.create("vs_leader_low");
    DoubleColumn vsHigh = DoubleColumn.create("vs_leader_high");
    LongColumn paired = LongColumn.create("paired");
    StringColumn state = StringColumn.create("state");
    StringColumn reason = StringColumn.create("reason");
    t.addColumns(vs, vsLow, vsHigh, paired, state, reason);
    for (LiveMetrics.Row row : metrics.rows()) {
      config.append(row.config());
      evaluated.append(row.evaluated());
      missing.append(row.missing());
      for (String m : metrics.metricNames()) {
        Estimate e = row.metrics().get(m);
        t.doubleColumn(m).append(e.value());
        t.doubleColumn(m + "_low").append(e.lower());
        t.doubleColumn(m + "_high").append(e.upper());
        if (fixed) {
          t.doubleColumn(m + "_fixed_low").append(e.fixedLower());
          t.doubleColumn(m + "_fixed_high").append(e.fixedUpper());
        }
      }
      Estimate d = row.vsLeader();
      vs.append(d == null ? Double.NaN : d.value());
      vsLow.append(d == null ? Double.NaN : d.lower());
      vsHigh.append(d == null ? Double.NaN : d.upper());
      paired.append(row.pairedInputs());
      state.append(row.stoppedReason() != null ? "stopped"
          : row.config().equals(metrics.leader()) ? "leader" : "running");
      reason.append(row.stoppedReason() == null ? "" : row.stoppedReason());
    }
    return t;
  }
}
