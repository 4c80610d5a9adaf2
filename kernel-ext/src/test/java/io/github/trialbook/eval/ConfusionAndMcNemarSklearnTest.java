package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.Table;

/** Confusion matrices agree with sklearn, McNemar p-values with scipy, comparisons with sklearn. */
class ConfusionAndMcNemarSklearnTest {

  @TestFactory
  Stream<DynamicTest> confusionMatricesAgree() {
    List<DynamicTest> tests = new ArrayList<>();
    Fixtures.load("confusion.json").get("cases").forEach(c ->
        tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> checkConfusion(c))));
    return tests.stream();
  }

  private static void checkConfusion(JsonNode c) {
    Table table = Table.create("results", Fixtures.column("label", c.get("truth")),
        Fixtures.column("prediction", c.get("prediction")));
    ConfusionMatrix cm = Metrics.confusion(table, "label", "prediction");
    if (!c.get("labels").isNull()) {
      cm = cm.labels(Fixtures.labels(c.get("labels")));
    }
    List<String> names = new ArrayList<>();
    c.get("names").forEach(n -> names.add(n.asText()));
    assertThat(cm.labelNames()).isEqualTo(names);
    long[][] counts = cm.counts();
    JsonNode none = c.get("none");
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        assertThat(counts[i][j]).isEqualTo(none.get(i).get(j).asLong());
      }
    }
    Table counted = cm.table();
    assertThat(counted.columnNames().get(0)).isEqualTo(ConfusionMatrix.TRUTH_COLUMN);
    assertThat(counted.intColumn(names.get(0)).getInt(0)).isEqualTo(none.get(0).get(0).asInt());
    for (ConfusionMatrix.Normalize n : List.of(ConfusionMatrix.Normalize.TRUE,
        ConfusionMatrix.Normalize.PRED, ConfusionMatrix.Normalize.ALL)) {
      double[][] v = cm.normalize(n).values();
      JsonNode expected = c.get(n.name().toLowerCase(java.util.Locale.ROOT));
      for (int i = 0; i < v.length; i++) {
        for (int j = 0; j < v.length; j++) {
          assertThat(Fixtures.close(expected.get(i).get(j).asDouble(), v[i][j]))
              .as("%s [%d][%d]", n, i, j).isTrue();
        }
      }
    }
  }

  @Test
  void mcNemarPValuesAgreeWithScipy() {
    JsonNode cases = Fixtures.load("mcnemar.json").get("cases");
    assertThat(cases.size()).isGreaterThan(8);
    for (JsonNode c : cases) {
      McNemar m = McNemar.of(c.get("only_a").asLong(), c.get("only_b").asLong());
      double expected = c.get("p_value").asDouble();
      assertThat(m.exact()).as("exact for %s", c).isEqualTo(c.get("exact").asBoolean());
      assertThat(m.pValue()).as("p for %s", c)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-12 + 1e-10 * expected));
    }
  }

  @Test
  void stageComparisonMatchesSklearnOnWholeSetAndSubset() {
    JsonNode f = Fixtures.load("compare.json");
    BooleanColumn handoff = (BooleanColumn) Fixtures.column("stage1.handoff", f.get("handoff"));
    Table table = Table.create("results", Fixtures.column("label", f.get("truth")),
        Fixtures.column("stage1.prediction", f.get("stage1")),
        Fixtures.column("final.prediction", f.get("final")), handoff);
    Table t = Metrics.compare(table, "label", "stage1.prediction", "final.prediction")
        .positiveLabel("spam")
        .subset("handoff", row -> row.getBoolean("stage1.handoff"))
        .bootstrap(Bootstrap.builder().resamples(200).seed(3).build())
        .table();
    assertThat(t.rowCount()).isEqualTo(8);
    for (JsonNode row : f.get("rows")) {
      String column = row.get("prediction").asText().equals("stage1")
          ? "stage1.prediction" : "final.prediction";
      for (String metric : List.of("accuracy", "precision", "recall", "f1")) {
        Table match = t.where(t.stringColumn("subset").isEqualTo(row.get("subset").asText())
            .and(t.stringColumn("metric").isEqualTo(metric)));
        assertThat(match.rowCount()).isEqualTo(1);
        assertThat(Fixtures.close(row.get(metric).asDouble(), match.doubleColumn(column).getDouble(0)))
            .as("%s %s %s", row.get("subset"), column, metric).isTrue();
      }
    }
  }
}
