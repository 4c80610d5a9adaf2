package io.github.trialbook.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.eval.Bootstrap;
import io.github.trialbook.eval.ClassificationReport;
import io.github.trialbook.eval.ConfusionMatrix;
import io.github.trialbook.eval.Metrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Charts are checked by series, titles, point counts and file headers, never by pixels. */
class ChartsTest {
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static Table results;

  @BeforeAll
  static void results() {
    SplittableRandom rng = new SplittableRandom(21);
    StringColumn config = StringColumn.create("config");
    StringColumn label = StringColumn.create("label");
    StringColumn pred = StringColumn.create("final.prediction");
    DoubleColumn score = DoubleColumn.create("stage1.score");
    DoubleColumn s1 = DoubleColumn.create("stage1_ms");
    DoubleColumn s2 = DoubleColumn.create("stage2_ms");
    DoubleColumn latency = DoubleColumn.create("latency_ms");
    InstantColumn started = InstantColumn.create("started_at");
    Instant t0 = Instant.parse("2026-11-23T10:00:00Z");
    for (int i = 0; i < 400; i++) {
      String c = i % 2 == 0 ? "baseline" : SCRIPT;
      String t = rng.nextDouble() < 0.4 ? "spam" : "ham";
      config.append(c);
      label.append(t);
      pred.append(rng.nextDouble() < 0.8 ? t : (t.equals("spam") ? "ham" : "spam"));
      score.append(Math.round(((t.equals("spam") ? 0.3 : 0) + rng.nextDouble() * 0.7) * 100) / 100.0);
      double a = 5 + rng.nextDouble() * 20;
      double b = i % 3 == 0 ? Double.NaN : 200 + rng.nextDouble() * 300;
      s1.append(a);
      s2.append(b);
      latency.append(a + (Double.isNaN(b) ? 0 : b));
      started.append(t0.plusMillis(i * 250L));
    }
    results = Table.create("results", config, label, pred, score, s1, s2, latency, started);
  }

  private static void assertEncodes(ChartView chart) {
    byte[] png = chart.toPng();
    assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    String svg = chart.toSvg();
    assertThat(svg).startsWith("<?xml").contains("<svg").doesNotContain("<script>");
    assertThat(chart.toHtml()).startsWith("<figure").contains("data:image/png;base64,")
        .doesNotContain("<script>");
    assertThat(chart.mimeBundle()).containsKeys("text/plain", "text/html", "image/png",
        "image/svg+xml");
  }

  @Test
  void rocHasOneSeriesPerConfigAndTheChanceLine() {
    ChartView roc = RocChart.of(Metrics.roc(results, "label", "stage1.score")
        .positiveLabel("spam").by("config"));
    assertThat(roc.seriesNames()).hasSize(3).last().isEqualTo("chance");
    // configs in sorted order: "<" sorts before "b"
    assertThat(roc.seriesNames().get(0)).startsWith(SCRIPT + " (AUC 0.");
    assertThat(roc.seriesNames().get(1)).startsWith("baseline (AUC 0.");
    assertThat(roc.xAxisTitle()).isEqualTo("False positive rate");
    assertThat(roc.yAxisTitle()).isEqualTo("True positive rate");
    int points = Metrics.roc(results.where(results.stringColumn("config").isEqualTo("baseline")),
        "label", "stage1.score").positiveLabel("spam").fpr().length;
    assertThat(roc.pointCounts().get(roc.seriesNames().get(1))).isEqualTo(points);
    assertThat(roc.pointCounts().get("chance")).isEqualTo(2);
    assertEncodes(roc);
  }

  @Test
  void precisionRecallHasOneSeriesPerConfig() {
    ChartView pr = PrecisionRecallChart.of(Metrics.precisionRecall(results, "label",
        "stage1.score").positiveLabel("spam").by("config"));
    assertThat(pr.seriesNames()).hasSize(2).allMatch(n -> n.contains("(AP 0."));
    assertThat(pr.xAxisTitle()).isEqualTo("Recall");
    assertThat(pr.yAxisTitle()).isEqualTo("Precision");
    assertEncodes(pr);
  }

  @Test
  void confusionHeatMapHasOneCellPerLabelPair() {
    ChartView cm = ConfusionHeatMap.of(Metrics.confusion(results, "label", "final.prediction")
        .normalize(ConfusionMatrix.Normalize.TRUE));
    assertThat(cm.seriesNames()).containsExactly("normalized by true");
    assertThat(cm.pointCounts().get("normalized by true")).isEqualTo(4);
    assertThat(cm.xAxisTitle()).isEqualTo("Predicted label");
    assertThat(cm.yAxisTitle()).isEqualTo("True label");
    assertEncodes(cm);
  }

  @Test
  void metricBarsHaveASeriesPerConfigAndWhiskers() {
    ClassificationReport report = Metrics.classification(results, "label", "final.prediction")
        .by("config").confidenceIntervals(Bootstrap.builder().resamples(50).seed(2).build());
    ChartView bars = MetricBarChart.of(report, "f1");
    assertThat(bars.seriesNames()).containsExactly(SCRIPT, "baseline", "interval");
    assertThat(bars.yAxisTitle()).isEqualTo("f1");
    assertThat(bars.xAxisTitle()).isEqualTo("class");
    // ham, spam, micro, macro, weighted: five bars of four corners each per config
    assertThat(bars.pointCounts().get("baseline")).isEqualTo(5 * 4);
    assertThat(bars.pointCounts().get("interval")).isEqualTo(2 * 5 * 6);
    assertEncodes(bars);
    assertThatThrownBy(() -> MetricBarChart.of(report.table(), "class", "config", "nope", null,
        null)).hasMessageContaining("column 'nope' not found").hasMessageContaining("f1_lower");
  }

  @Test
  void latencyHistogramSharesBinsAcrossStages() {
    ChartView h = LatencyHistogram.of(results, 20, "stage1_ms", "stage2_ms");
    assertThat(h.seriesNames()).containsExactly("stage1_ms", "stage2_ms");
    assertThat(h.pointCounts()).containsEntry("stage1_ms", 20).containsEntry("stage2_ms", 20);
    assertThat(h.xAxisTitle()).isEqualTo("Latency (ms)");
    assertEncodes(h);
    assertThatThrownBy(() -> LatencyHistogram.of(results, "stage9_ms"))
        .hasMessageContaining("column 'stage9_ms' not found").hasMessageContaining("stage1_ms");
  }

  @Test
  void throughputCountsFinishesPerBucket() {
    ChartView t = ThroughputChart.of(results);
    assertThat(t.seriesNames()).containsExactly(SCRIPT, "baseline", "all");
    assertThat(t.yAxisTitle()).isEqualTo("Trials / s");
    int buckets = t.pointCounts().get("all");
    assertThat(buckets).isGreaterThan(10);
    assertEncodes(t);
  }

  @Test
  void sizesAreSettableAndFilesAreWritten(@TempDir Path dir) throws Exception {
    ChartView roc = RocChart.of(Metrics.roc(results, "label", "stage1.score").positiveLabel("spam"));
    ChartView big = roc.size(1000, 700);
    assertThat(big.width()).isEqualTo(1000);
    assertThat(big.height()).isEqualTo(700);
    assertThat(big.toSvg()).contains("width=\"1000");
    assertThat(roc.width()).isEqualTo(ChartView.WIDTH);
    big.savePng(dir.resolve("roc.png"));
    big.saveSvg(dir.resolve("roc.svg"));
    assertThat(Files.readAllBytes(dir.resolve("roc.png"))).startsWith(0x89, 'P', 'N', 'G');
    assertThat(Files.readString(dir.resolve("roc.svg"))).contains("<svg");
    assertThat(big.toText()).startsWith("Chart: ROC curve (1000x700)");
    assertThatThrownBy(() -> roc.size(10, 10)).hasMessageContaining("(was 10 x 10)");
  }

  @Test
  void singleClassRocIsRefusedWithAReason() {
    Table spamOnly = results.where(results.stringColumn("label").isEqualTo("spam"));
    assertThatThrownBy(() -> RocChart.of(Map.of("x", Metrics.roc(spamOnly, "label",
        "stage1.score").positiveLabel("spam"))))
        .hasMessageContaining("ROC of x is undefined");
  }
}
