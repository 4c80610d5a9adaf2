package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class ComparisonTest {

  /** Two configs on the same 300 inputs (rows shuffled); candidate fixes 40 of baseline's errors. */
  private static Table twoConfigs() {
    StringColumn config = StringColumn.create("config");
    StringColumn id = StringColumn.create("input_id");
    StringColumn label = StringColumn.create("label");
    StringColumn pred = StringColumn.create("final.prediction");
    SplittableRandom rng = new SplittableRandom(4);
    String[] truth = new String[300];
    String[] base = new String[300];
    for (int i = 0; i < 300; i++) {
      truth[i] = rng.nextDouble() < 0.4 ? "spam" : "ham";
      base[i] = i % 5 == 0 ? flip(truth[i]) : truth[i];
    }
    for (int i = 299; i >= 0; i--) {
      config.append("baseline");
      id.append("in-" + i);
      label.append(truth[i]);
      pred.append(base[i]);
    }
    for (int i = 0; i < 300; i++) {
      config.append("candidate");
      id.append("in-" + i);
      label.append(truth[i]);
      pred.append(i % 5 == 0 && i < 200 ? truth[i] : i == 7 ? flip(truth[i]) : base[i]);
    }
    return Table.create("results", config, id, label, pred);
  }

  private static String flip(String s) {
    return s.equals("spam") ? "ham" : "spam";
  }

  @Test
  void configsArePairedByInputIdAndTheGainIsSignificant() {
    Comparison c = Metrics.compareConfigs(twoConfigs(), "label", "final.prediction", "baseline",
        "candidate").positiveLabel("spam");
    Table t = c.table();
    Table accuracy = t.where(t.stringColumn("metric").isEqualTo("accuracy"));
    assertThat(accuracy.doubleColumn("baseline").getDouble(0)).isEqualTo(240.0 / 300);
    assertThat(accuracy.doubleColumn("candidate").getDouble(0)).isEqualTo(279.0 / 300);
    assertThat(accuracy.doubleColumn("delta").getDouble(0)).isCloseTo(39.0 / 300,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(accuracy.intColumn("only_baseline_correct").getInt(0)).isEqualTo(1);
    assertThat(accuracy.intColumn("only_candidate_correct").getInt(0)).isEqualTo(40);
    assertThat(accuracy.stringColumn("test").get(0)).startsWith("chi-square");
    assertThat(accuracy.doubleColumn("p_value").getDouble(0))
        .isEqualTo(McNemar.of(1, 40).pValue()).isLessThan(1e-6);
    assertThat(accuracy.booleanColumn("significant").get(0)).isTrue();
    double delta = accuracy.doubleColumn("delta").getDouble(0);
    assertThat(accuracy.doubleColumn("delta_lower").getDouble(0)).isPositive().isLessThan(delta);
    assertThat(accuracy.doubleColumn("delta_upper").getDouble(0)).isGreaterThan(delta);
    assertThat(t.where(t.stringColumn("metric").isEqualTo("precision")).stringColumn("test").get(0))
        .isEqualTo("bootstrap interval");
  }

  @Test
  void identicalPredictionsAreNotSignificant() {
    Table t = twoConfigs();
    t.addColumns(t.stringColumn("final.prediction").copy().setName("copy"));
    Table same = Metrics.compare(t, "label", "final.prediction", "copy").table();
    assertThat(same.doubleColumn("delta").asDoubleArray()).containsOnly(0.0);
    assertThat(same.booleanColumn("significant").asList()).containsOnly(false);
    assertThat(same.doubleColumn("p_value").getDouble(0)).isEqualTo(1.0);
  }

  @Test
  void subsetRowsAndEscapedHtml() {
    Table t = twoConfigs();
    Comparison c = Metrics.compareConfigs(t, "label", "final.prediction", "baseline", "candidate")
        .subset("<b>hard</b>", row -> row.getString("input_id").endsWith("0"));
    Table table = c.table();
    assertThat(table.stringColumn("subset").unique().asList()).containsExactly("all", "<b>hard</b>");
    assertThat(table.where(table.stringColumn("subset").isEqualTo("<b>hard</b>"))
        .intColumn("n").getInt(0)).isEqualTo(30);
    assertThat(c.toHtml()).contains("&lt;b&gt;hard&lt;/b&gt;").doesNotContain("<b>hard");
    assertThat(c.toText()).contains("delta = candidate - baseline");
  }

  @Test
  void unknownConfigAndDuplicateIdsAreExplained() {
    assertThatThrownBy(() -> Metrics.compareConfigs(twoConfigs(), "label", "final.prediction",
        "baseline", "nope").table())
        .hasMessageContaining("config nope has no rows").hasMessageContaining("[baseline, candidate]");
    Table dup = twoConfigs();
    dup.stringColumn("input_id").set(0, "in-1");
    assertThatThrownBy(() -> Metrics.compareConfigs(dup, "label", "final.prediction",
        "candidate", "baseline").table())
        .hasMessageContaining("input_id in-1 occurs twice for config baseline");
    assertThatThrownBy(() -> Metrics.compare(dup, "label", "final.prediction", "final.prediction"))
        .hasMessageContaining("both predictions are named 'final.prediction'");
  }
}
