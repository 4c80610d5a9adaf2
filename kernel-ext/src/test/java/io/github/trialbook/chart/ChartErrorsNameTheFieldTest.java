package io.github.trialbook.chart;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.eval.EvalArgumentException;
import io.github.trialbook.eval.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The chart entry points fail with the evaluation's {@link EvalArgumentException} (charts draw
 * evaluation tables), naming the field, the value and the fix.
 */
class ChartErrorsNameTheFieldTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  private static Table results() {
    return Table.create("results", StringColumn.create("label", "spam", "ham", "spam"),
        DoubleColumn.create("stage1.score", 0.9, 0.2, 0.7),
        DoubleColumn.create("stage1_ms", 10.0, 12.0, 9.0),
        DoubleColumn.create("stage2_ms", Double.NaN, Double.NaN, Double.NaN),
        InstantColumn.create("started_at", new Instant[] {T0, T0.plusSeconds(1), T0.plusSeconds(2)}));
  }

  private static void fails(ThrowingCallable call, String... parts) {
    assertThatThrownBy(call).isInstanceOf(EvalArgumentException.class)
        .hasMessageContainingAll(parts);
  }

  @Test
  void latencyHistogram() {
    fails(() -> LatencyHistogram.of(results(), 0, "stage1_ms"), "bins must be between 1 and 500",
        "(was 0)", "e.g. 30");
    fails(() -> LatencyHistogram.of(results()), "name at least one latency column",
        "e.g. \"stage1_ms\"", "stage1_ms, stage2_ms");
    fails(() -> LatencyHistogram.of(results(), "label"), "column 'label' is STRING, not numeric",
        "pass a latency column in milliseconds");
    fails(() -> LatencyHistogram.of(results(), "stage2_ms"), "column 'stage2_ms' has no latencies",
        "leave it out");
  }

  @Test
  void throughputAndSize() {
    fails(() -> ThroughputChart.of(results(), "started_at", "stage1_ms", null,
        Duration.ofNanos(5)), "bucket must be at least 1 ms", "(was PT0.000000005S)",
        "e.g. Duration.ofSeconds(5)");
    fails(() -> ThroughputChart.of(results(), "start", "stage1_ms", null, null),
        "column 'start' not found", "existing columns", "pass one of them");
    ChartView chart = LatencyHistogram.of(results(), "stage1_ms");
    fails(() -> chart.size(10, 10), "chart size", "(was 10 x 10)", "e.g. size(800, 500)");
  }

  @Test
  void curves() {
    fails(() -> RocChart.of(Map.of()), "curves cannot be empty", "Metrics.roc(table, truth, score)");
    Table oneClass = Table.create("results", StringColumn.create("label", "spam", "spam"),
        DoubleColumn.create("stage1.score", 0.9, 0.2));
    fails(() -> RocChart.of(Map.of("x", Metrics.roc(oneClass, "label", "stage1.score")
        .positiveLabel("spam"))), "ROC of x is undefined", "evaluate on data with both classes");
  }
}
