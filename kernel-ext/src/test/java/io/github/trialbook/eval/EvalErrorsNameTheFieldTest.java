package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every evaluation builder and entry point fails with {@link EvalArgumentException} (still an
 * {@link IllegalArgumentException}, so the default retry predicate does not retry it), and its
 * message names the field, the value and the fix.
 */
class EvalErrorsNameTheFieldTest {

  private static Table labels() {
    return Table.create("results",
        StringColumn.create("config", "a", "a", "b", "b"),
        StringColumn.create("input_id", "in-1", "in-2", "in-3", "in-4"),
        StringColumn.create("label", "cat", "dog", "cat", "dog"),
        StringColumn.create("prediction", "cat", "cat", "dog", "dog"));
  }

  private static Table scores(double bad) {
    return Table.create("results", StringColumn.create("label", "spam", "ham", "spam"),
        DoubleColumn.create("score", 0.9, bad, 0.7));
  }

  private static void fails(ThrowingCallable call, String... parts) {
    assertThatThrownBy(call).isInstanceOf(EvalArgumentException.class)
        .isInstanceOf(IllegalArgumentException.class).hasMessageContainingAll(parts);
  }

  @Test
  void bootstrapSettings() {
    fails(() -> Bootstrap.builder().resamples(5), "resamples", "(was 5)", "use 1000 or more");
    fails(() -> Bootstrap.builder().confidence(1.5), "confidence", "(was 1.5)", "e.g. 0.95");
    fails(() -> Bootstrap.ofDefaults().interval(0, idx -> 0), "n must be at least 1", "(was 0)",
        "pass the item count");
  }

  @Test
  void mcNemarAndTableWriter() {
    fails(() -> McNemar.of(-1, 2), "discordant counts", "(were -1, 2)", "pass counts of items");
    fails(() -> new TableWriter(1, 4, 50), "maxRows=1", "need maxRows >= 2");
  }

  @Test
  void tablesAndSources() {
    fails(() -> Metrics.classification(null, "label", "prediction"), "table cannot be null",
        "pass the results table");
    fails(() -> ValueSource.column(" "), "column name cannot be null or blank",
        "pass the name of a column");
    fails(() -> ValueSource.of("", row -> 1), "source name cannot be null or blank",
        "give the derived value a name");
    fails(() -> Metrics.classification(labels(), "label", "stage9").table(),
        "column 'stage9' not found", "[config, input_id, label, prediction]", "pass one of them");
  }

  @Test
  void classificationReportBuilder() {
    ClassificationReport r = Metrics.classification(labels(), "label", "prediction");
    fails(() -> r.by(), "by(...) needs at least one column", "e.g. by(\"config\")");
    fails(() -> r.labels(), "labels cannot be empty", "e.g. labels(\"cat\", \"dog\")");
    fails(() -> r.labels("cat", null), "labels cannot contain null", "(were [cat, null])",
        "pass class values only");
    fails(() -> r.labels("cat", "cat"), "labels contains cat twice", "list each class once");
    fails(() -> r.positiveLabel("bird").table(), "positive label bird does not occur",
        "[\"cat\", \"dog\"]", "pass one of them to positiveLabel(...)");
    fails(() -> r.value("bird", "f1"), "no row 'bird'", "pass one of them");
  }

  @Test
  void comparisonBuilder() {
    fails(() -> Metrics.compareConfigs(labels(), "label", "prediction", "a", "a"),
        "two different config names", "(were a, a)", "e.g. compareConfigs(");
    fails(() -> Metrics.compareConfigs(labels(), "label", "prediction", null, "b"),
        "configA cannot be null", "pass the name of a config");
    fails(() -> Metrics.compareConfigs(labels(), "label", "prediction", "a", "b").table(),
        "no paired items", "no input_id of config a occurs for config b", "pairBy(\"input_id\")");
    Comparison c = Metrics.compare(labels(), "label", "prediction", "config");
    fails(() -> c.alpha(2), "alpha", "(was 2.0)", "e.g. 0.05");
    fails(() -> c.subset("all", row -> true), "subset name", "(was all)", "e.g. subset(");
  }

  @Test
  void scoreMetrics() {
    fails(() -> Metrics.roc(scores(0.1), "label", "score").positiveLabel(null),
        "positive label cannot be null", "pass the positive class value");
    fails(() -> Metrics.roc(scores(0.1), "label", "score").scoreRange(1, 0), "score range",
        "[1.0, 0.0]", "e.g. scoreRange(0, 1)");
    fails(() -> Metrics.roc(scores(Double.NaN), "label", "score").positiveLabel("spam").auc(),
        "column 'score' has 1 missing", "dropMissing()");
    fails(() -> Metrics.roc(scores(1.5), "label", "score").positiveLabel("spam").scoreRange(0, 1)
        .auc(), "column 'score' holds 1.5 at row 1", "outside the declared range [0.0, 1.0]",
        "scoreRange(min, max)");
    fails(() -> Metrics.roc(scores(0.1), "label", "score").auc(), "holds labels",
        "positiveLabel(");
  }
}
