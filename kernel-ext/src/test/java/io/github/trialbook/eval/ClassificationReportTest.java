package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Options, rendering and bad input of the classification report. */
class ClassificationReportTest {
  private static final String SCRIPT = "<script>alert(1)</script>";

  private static Table results() {
    return Table.create("results",
        StringColumn.create("config", "a", "a", "a", "a", "b", "b", "b", "b"),
        StringColumn.create("label", "cat", SCRIPT, "cat", "dog", "cat", SCRIPT, "cat", "dog"),
        StringColumn.create("stage2.prediction", "cat", SCRIPT, "dog", "dog", "cat", "cat",
            "cat", "dog"));
  }

  @Test
  void nanPolicySkipsUndefinedValuesInAverages() {
    Table t = Table.create("results", StringColumn.create("label", "x", "x", "y", "y"),
        StringColumn.create("prediction", "x", "x", "x", "w"));
    ClassificationReport r = Metrics.classification(t, "label", "prediction")
        .zeroDivision(ZeroDivision.NAN);
    // w: predicted, never true → recall NaN; y: true, never predicted → precision NaN
    assertThat(r.value("w", "recall")).isNaN();
    assertThat(r.value("y", "precision")).isNaN();
    assertThat(r.value("y", "f1")).isEqualTo(0.0);
    assertThat(r.value("macro avg", "precision")).isEqualTo((0.0 + 2.0 / 3) / 2);
    assertThat(r.value("macro avg", "recall")).isEqualTo((1.0 + 0.0) / 2);
    assertThat(r.warnings()).isEmpty();
  }

  @Test
  void warnPolicyNamesTheAffectedLabelsAndTheFix() {
    Table t = Table.create("results", StringColumn.create("label", "x", "x", "y", "y"),
        StringColumn.create("prediction", "x", "x", "x", "w"));
    ClassificationReport r = Metrics.classification(t, "label", "prediction");
    assertThat(r.warnings()).hasSize(2);
    assertThat(r.warnings().get(0)).contains("no predicted samples").contains("[\"y\"]")
        .contains("zeroDivision(");
    assertThat(r.warnings().get(1)).contains("no true samples").contains("[\"w\"]");
    assertThat(r.toText()).contains("note: precision and F1 are ill-defined");
  }

  @Test
  void groupedTableHasOneRowPerGroupAndClassAndRendersEscaped() {
    ClassificationReport r = Metrics.classification(results(), "label", "stage2.prediction")
        .by("config").labels("cat", "dog", SCRIPT);
    Table t = r.table();
    assertThat(t.rowCount()).isEqualTo(2 * (3 + 4));
    assertThat(t.stringColumn("config").countOccurrences("a")).isEqualTo(7);
    String html = r.toHtml();
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(r.toText()).contains(SCRIPT).contains("by config");
    assertThat(r.mimeBundle()).containsKeys("text/plain", "text/html");
    Table pivot = t.where(t.stringColumn("class").isEqualTo("macro avg"));
    assertThat(pivot.stringColumn("config").asList()).containsExactly("a", "b");
  }

  @Test
  void groupsOfSeveralColumnsPivotWithTablesaw() {
    Table t = results();
    t.addColumns(StringColumn.create("subset", "x", "y", "x", "y", "x", "y", "x", "y"));
    Table r = Metrics.classification(t, "label", "stage2.prediction").by("config", "subset")
        .zeroDivision(ZeroDivision.ZERO).table();
    assertThat(r.columnNames()).startsWith("config", "subset", "class");
    Table f1 = r.where(r.stringColumn("class").isEqualTo("macro avg"));
    assertThat(f1.rowCount()).isEqualTo(4);
    Table pivot = f1.pivot("subset", "config", "f1", tech.tablesaw.aggregate.AggregateFunctions.mean);
    assertThat(pivot.columnNames()).containsExactly("subset", "a", "b");
    assertThat(pivot.rowCount()).isEqualTo(2);
  }

  @Test
  void rowFunctionsWorkLikeColumns() {
    Table t = results();
    ClassificationReport byColumn = Metrics.classification(t, "label", "stage2.prediction");
    ClassificationReport byFunction = Metrics.classification(t,
        ValueSource.of("truth", row -> row.getString("label")),
        ValueSource.of("pred", row -> row.getString("stage2.prediction")));
    assertThat(byFunction.table().doubleColumn("f1").asDoubleArray())
        .containsExactly(byColumn.table().doubleColumn("f1").asDoubleArray());
  }

  @Test
  void integerAndDoubleColumnsHoldingTheSameLabelsAgree() {
    Table t = Table.create("results", IntColumn.create("label", 0, 1, 1, 2),
        DoubleColumn.create("prediction", 0.0, 1.0, 2.0, 2.0));
    ClassificationReport r = Metrics.classification(t, "label", "prediction");
    assertThat(r.value("1", "recall")).isEqualTo(0.5);
    assertThat(r.value("2", "precision")).isEqualTo(0.5);
  }

  @Test
  void missingColumnListsTheColumnsThatExist() {
    assertThatThrownBy(() -> Metrics.classification(results(), "label", "stage3.prediction").table())
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContaining("column 'stage3.prediction' not found in table 'results'")
        .hasMessageContaining("[config, label, stage2.prediction]");
    assertThatThrownBy(() -> Metrics.classification(results(), "label", "stage2.prediction")
        .by("worker"))
        .hasMessageContaining("column 'worker' not found").hasMessageContaining("config");
  }

  @Test
  void missingLabelsAreCountedAndDroppedOnlyWhenAsked() {
    StringColumn pred = StringColumn.create("prediction", "a", "b", null, "a");
    Table t = Table.create("results", StringColumn.create("label", "a", "b", "b", "a"), pred);
    assertThatThrownBy(() -> Metrics.classification(t, "label", "prediction").table())
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContaining("column 'prediction' has 1 missing")
        .hasMessageContaining("dropMissing()");
    ClassificationReport dropped = Metrics.classification(t, "label", "prediction").dropMissing();
    assertThat(dropped.value("accuracy", "support")).isEqualTo(3);
    assertThat(dropped.value("accuracy", "f1")).isEqualTo(1.0);
  }

  @Test
  void mixedLabelTypesAndScoresAsLabelsAreRefused() {
    Table mixed = Table.create("results", StringColumn.create("label", "1", "0"),
        IntColumn.create("prediction", 1, 0));
    assertThatThrownBy(() -> Metrics.classification(mixed, "label", "prediction").table())
        .hasMessageContaining("mix of label types").hasMessageContaining("column 'label'")
        .hasMessageContaining("column 'prediction'");
    Table scores = Table.create("results", IntColumn.create("label", 1, 0),
        DoubleColumn.create("score", 0.7, 0.2));
    assertThatThrownBy(() -> Metrics.classification(scores, "label", "score").table())
        .hasMessageContaining("column 'score' holds the non-integer value 0.7")
        .hasMessageContaining("Metrics.roc");
  }

  @Test
  void positiveLabelMustOccurAndDataMustBeBinary() {
    assertThatThrownBy(() -> Metrics.classification(results(), "label", "stage2.prediction")
        .positiveLabel("cow").table())
        .hasMessageContaining("positive label cow does not occur")
        .hasMessageContaining("\"cat\"");
    assertThatThrownBy(() -> Metrics.classification(results(), "label", "stage2.prediction")
        .positiveLabel("cat").table())
        .hasMessageContaining("needs binary data").hasMessageContaining("3 labels");
  }

  @Test
  void labelsMustBeDistinct() {
    assertThatThrownBy(() -> Metrics.classification(results(), "label", "stage2.prediction")
        .labels("cat", "cat"))
        .hasMessageContaining("labels contains cat twice");
  }
}
