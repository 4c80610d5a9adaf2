package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.chart.ChartView;
import io.github.trialbook.chart.ConfusionHeatMap;
import io.github.trialbook.chart.LatencyHistogram;
import io.github.trialbook.chart.MetricBarChart;
import io.github.trialbook.eval.Metrics;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Issue 11, item 17: a chart's text counted the corners of its bar outlines, so 5 bars read
 * "series: A (20 points)"; histograms and heat maps called their bars and cells "points" too.
 */
class MetricBarChartMiscountsBarsTest {

  @Test
  void fiveBarsReadAsFiveBarsAndTheirWhiskersAsIntervals() {
    StringColumn series = StringColumn.create("config");
    StringColumn category = StringColumn.create("class");
    DoubleColumn f1 = DoubleColumn.create("f1");
    DoubleColumn lower = DoubleColumn.create("f1_lower");
    DoubleColumn upper = DoubleColumn.create("f1_upper");
    for (String config : new String[] {"A", "B"}) {
      for (int c = 0; c < 5; c++) {
        series.append(config);
        category.append("c" + c);
        f1.append(0.5 + c / 10.0);
        lower.append(0.4 + c / 10.0);
        upper.append(0.6 + c / 10.0);
      }
    }
    Table t = Table.create("report", series, category, f1, lower, upper);

    ChartView bars = MetricBarChart.of(t, "class", "config", "f1", "f1_lower", "f1_upper");
    ChartView single = MetricBarChart.of(t.where(t.stringColumn("config").isEqualTo("A")),
        "class", null, "f1", null, null);

    assertThat(bars.toText()).endsWith("series: A (5 bars), B (5 bars), interval (10 intervals)");
    assertThat(single.toText()).endsWith("series: f1 (5 bars)");
  }

  @Test
  void histogramBarsAndHeatMapCellsAreNotCalledPoints() {
    DoubleColumn ms = DoubleColumn.create("stage1_ms", 1, 2, 3, 4, 5, 6, 7, 8);
    StringColumn truth = StringColumn.create("label", "a", "b", "a", "b", "a", "b", "a", "b");
    StringColumn pred = StringColumn.create("pred", "a", "a", "a", "b", "b", "b", "a", "b");
    Table t = Table.create("results", ms, truth, pred);

    assertThat(LatencyHistogram.of(t, 4, "stage1_ms").toText())
        .endsWith("series: stage1_ms (4 bars)");
    assertThat(ConfusionHeatMap.of(Metrics.confusion(t, "label", "pred")).toText())
        .endsWith("(4 cells)");
  }
}
