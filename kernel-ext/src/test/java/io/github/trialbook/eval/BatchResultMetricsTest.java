package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.chart.ChartView;
import io.github.trialbook.chart.LatencyHistogram;
import io.github.trialbook.chart.RocChart;
import io.github.trialbook.chart.ThroughputChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** Metrics and charts on the table of a real batch run (engine, stages, failures). */
class BatchResultMetricsTest {
  record Item(String id, String label, double signal) {}

  record Screen(String prediction, double score, boolean handoff) {}

  private static Table table;

  @BeforeAll
  static void run() {
    SplittableRandom rng = new SplittableRandom(8);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String label = rng.nextDouble() < 0.4 ? "spam" : "ham";
      double signal = (label.equals("spam") ? 0.35 : 0) + rng.nextDouble() * 0.65;
      items.add(new Item("in-" + i, label, signal));
    }
    BatchResult result = Trialbook.runBatch(Trialbook.batch("triage", items, Item::id)
        .configs(Config.of("strict", Map.of("threshold", 0.6)),
            Config.of("lenient", Map.of("threshold", 0.45)))
        .stage("label", t -> t.input().label())
        .stage("stage1", t -> {
          double threshold = t.config().param("threshold");
          double s = t.input().signal();
          boolean unsure = Math.abs(s - threshold) < 0.1;
          Screen screen = new Screen(s >= threshold ? "spam" : "ham", s, unsure);
          return unsure ? screen : Stage.end(screen);
        })
        .stage("final", t -> {
          if (t.input().id().endsWith("3")) {
            throw new IllegalStateException("model endpoint refused " + t.input().id());
          }
          return t.input().label();   // an oracle second stage for the unsure items
        })
        .retry(io.github.trialbook.batch.Retry.none())
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build());
    table = result.table();
  }

  @Test
  void classificationByConfigOnResultsTable() {
    ClassificationReport report = Metrics.classification(table, "label", "stage1.prediction")
        .by("config");
    Table t = report.table();
    assertThat(t.stringColumn("config").get(0)).isEqualTo("lenient");
    assertThat(t.stringColumn("config").get(t.rowCount() - 1)).isEqualTo("strict");
    assertThat(t.where(t.stringColumn("class").isEqualTo("accuracy")).intColumn("support")
        .asList()).containsOnly(200);
  }

  @Test
  void stage1VersusFinalNeedsDropMissingForFailedTrials() {
    Table withFinal = table.copy();
    // final prediction: stage 2's answer where it ran, else stage 1's
    tech.tablesaw.api.StringColumn merged = tech.tablesaw.api.StringColumn.create("final.prediction");
    for (int r = 0; r < withFinal.rowCount(); r++) {
      boolean handedOff = withFinal.booleanColumn("stage1.handoff").get(r);
      merged.append(handedOff ? withFinal.stringColumn("final").get(r)
          : withFinal.stringColumn("stage1.prediction").get(r));
    }
    withFinal.addColumns(merged);
    assertThatThrownBy(() -> Metrics.compare(withFinal, "label", "stage1.prediction",
        "final.prediction").table()).hasMessageContaining("dropMissing()");
    Comparison c = Metrics.compare(withFinal.where(withFinal.stringColumn("config")
            .isEqualTo("strict")), "label", "stage1.prediction", "final.prediction")
        .positiveLabel("spam").dropMissing()
        .subset("handoff", row -> row.getBoolean("stage1.handoff"));
    Table t = c.table();
    Table strict = withFinal.where(withFinal.stringColumn("config").isEqualTo("strict"));
    int missing = strict.stringColumn("final.prediction").countMissing();
    assertThat(missing).isPositive();
    assertThat(strict.stringColumn("status").countOccurrences("failed")).isEqualTo(missing);
    double before = t.where(t.stringColumn("subset").isEqualTo("handoff")
        .and(t.stringColumn("metric").isEqualTo("f1"))).doubleColumn("stage1.prediction").get(0);
    double after = t.where(t.stringColumn("subset").isEqualTo("handoff")
        .and(t.stringColumn("metric").isEqualTo("f1"))).doubleColumn("final.prediction").get(0);
    assertThat(after).isEqualTo(1.0).isGreaterThan(before);
    assertThat(c.toText()).contains(missing + " items with a missing value were left out");
  }

  @Test
  void chartsFromTheResultsTable() {
    ChartView latency = LatencyHistogram.of(table, "stage1_ms", "final_ms");
    assertThat(latency.seriesNames()).containsExactly("stage1_ms", "final_ms");
    ChartView throughput = ThroughputChart.of(table);
    assertThat(throughput.seriesNames()).containsExactly("lenient", "strict", "all");
    ChartView roc = RocChart.of(Metrics.roc(table, "label", "stage1.score").positiveLabel("spam")
        .by("config"));
    assertThat(roc.seriesNames()).hasSize(3);
    assertThat(roc.toPng()).startsWith(0x89, 'P', 'N', 'G');
  }
}
