package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Bad input and grouping of score-based metrics. */
class ScoreMetricsTest {

  private static Table scored(double... scores) {
    StringColumn label = StringColumn.create("label");
    StringColumn config = StringColumn.create("config");
    for (int i = 0; i < scores.length; i++) {
      label.append(i % 2 == 0 ? "spam" : "ham");
      config.append(i < scores.length / 2 ? "a" : "b");
    }
    return Table.create("results", config, label, DoubleColumn.create("stage1.score", scores));
  }

  @Test
  void nanScoresNameTheColumnAndRow() {
    Table t = scored(0.9, 0.1, Double.NaN, 0.3);
    // Tablesaw stores NaN as missing in DoubleColumn: missing values are refused unless dropped
    assertThatThrownBy(() -> Metrics.roc(t, "label", "stage1.score").positiveLabel("spam").auc())
        .hasMessageContaining("column 'stage1.score' has 1 missing").hasMessageContaining("dropMissing()");
    assertThat(Metrics.roc(t, "label", "stage1.score").positiveLabel("spam").dropMissing().auc())
        .isEqualTo(1.0);
    Table inf = scored(0.9, 0.1, Double.POSITIVE_INFINITY, 0.3);
    assertThatThrownBy(() -> Metrics.roc(inf, "label", "stage1.score").positiveLabel("spam").auc())
        .hasMessageContaining("column 'stage1.score' holds Infinity at row 2")
        .hasMessageContaining("finite");
  }

  @Test
  void scoresOutsideTheDeclaredRangeAreRefused() {
    Table t = scored(0.9, 0.1, 1.4, 0.3);
    assertThatThrownBy(() -> Metrics.precisionRecall(t, "label", "stage1.score")
        .positiveLabel("spam").scoreRange(0, 1).averagePrecision())
        .hasMessageContaining("holds 1.4 at row 2, outside the declared range [0.0, 1.0]")
        .hasMessageContaining("scoreRange(min, max)");
  }

  @Test
  void positiveLabelIsRequiredForStringsAndMustExist() {
    Table t = scored(0.9, 0.1, 0.8, 0.3);
    assertThatThrownBy(() -> Metrics.roc(t, "label", "stage1.score").auc())
        .hasMessageContaining("name the positive one with positiveLabel(...)")
        .hasMessageContaining("[\"ham\", \"spam\"]");
    assertThatThrownBy(() -> Metrics.roc(t, "label", "stage1.score").positiveLabel("eggs").auc())
        .hasMessageContaining("positive label eggs does not occur in column 'label'");
    assertThatThrownBy(() -> Metrics.roc(t, "config", "label").positiveLabel("a").auc())
        .hasMessageContaining("column 'label' holds the non-numeric value \"spam\"");
  }

  @Test
  void curvesPerConfigAreSortedByConfig() {
    Table t = scored(0.9, 0.1, 0.8, 0.3, 0.2, 0.7, 0.6, 0.4);
    Map<String, RocCurve> curves = Metrics.roc(t, "label", "stage1.score").positiveLabel("spam")
        .by("config");
    assertThat(curves).containsOnlyKeys("a", "b");
    assertThat(curves.get("a").auc()).isEqualTo(1.0);
    assertThat(curves.get("b").auc()).isEqualTo(0.25); // 1 of 4 (spam, ham) pairs ordered
    assertThat(curves.get("a").toText()).contains("AUC 1.0000");
    assertThat(Metrics.thresholds(t, "label", "stage1.score").positiveLabel("spam").toHtml())
        .contains("<th>threshold</th>").contains("best F1");
  }

  @Test
  void mismatchedColumnLengthsCannotArise() {
    // A Tablesaw table refuses columns of different lengths before any metric runs.
    assertThatThrownBy(() -> Table.create("results", StringColumn.create("label", "a", "b"),
        DoubleColumn.create("score", 0.5)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
