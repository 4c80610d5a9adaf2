package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import tech.tablesaw.api.Table;

/** ROC, AUC, PR curve, average precision and threshold sweeps agree with scikit-learn 1.2.1. */
class CurvesSklearnTest {

  @TestFactory
  Stream<DynamicTest> everyCurveCaseAgrees() {
    List<DynamicTest> tests = new ArrayList<>();
    Fixtures.load("curves.json").get("cases").forEach(c ->
        tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c))));
    assertThat(tests).hasSizeGreaterThanOrEqualTo(10);
    return tests.stream();
  }

  private static void check(JsonNode c) {
    Table table = Table.create("results", Fixtures.column("label", c.get("truth")),
        Fixtures.column("score", c.get("score")).copy());
    if (!(table.column("score") instanceof tech.tablesaw.api.DoubleColumn)) {
      table.replaceColumn("score", tech.tablesaw.api.DoubleColumn.create("score",
          Fixtures.doubles(c.get("score"))));
    }
    Object pos = c.get("pos_label").isNull() ? null : Fixtures.label(c.get("pos_label"));
    RocCurve roc = Metrics.roc(table, "label", "score");
    PrecisionRecallCurve pr = Metrics.precisionRecall(table, "label", "score");
    ThresholdSweep sweep = Metrics.thresholds(table, "label", "score");
    if (pos != null) {
      roc = roc.positiveLabel(pos);
      pr = pr.positiveLabel(pos);
      sweep = sweep.positiveLabel(pos);
    }
    assertArray("roc fpr", c.get("roc").get("fpr"), roc.fpr());
    assertArray("roc tpr", c.get("roc").get("tpr"), roc.tpr());
    assertArray("roc thresholds", c.get("roc").get("thresholds"), roc.thresholds());
    RocCurve all = roc.dropIntermediate(false);
    assertArray("roc_all fpr", c.get("roc_all").get("fpr"), all.fpr());
    assertArray("roc_all tpr", c.get("roc_all").get("tpr"), all.tpr());
    assertArray("roc_all thresholds", c.get("roc_all").get("thresholds"), all.thresholds());
    if (c.get("auc").isNull()) {
      RocCurve undefined = roc;
      assertThatThrownBy(undefined::auc).isInstanceOf(EvalArgumentException.class)
          .hasMessageContaining("AUC is undefined").hasMessageContaining("label");
    } else {
      assertThat(Fixtures.close(c.get("auc").asDouble(), roc.auc()))
          .as("auc %s vs %s", c.get("auc").asDouble(), roc.auc()).isTrue();
    }
    assertArray("pr precision", c.get("pr").get("precision"), pr.precision());
    assertArray("pr recall", c.get("pr").get("recall"), pr.recall());
    assertArray("pr thresholds", c.get("pr").get("thresholds"), pr.thresholds());
    assertThat(Fixtures.close(c.get("average_precision").asDouble(), pr.averagePrecision()))
        .as("AP %s vs %s", c.get("average_precision").asDouble(), pr.averagePrecision()).isTrue();

    Table t = sweep.table();
    JsonNode rows = c.get("sweep");
    assertThat(t.rowCount()).isEqualTo(rows.size());
    double bestF1 = -1;
    double bestThreshold = Double.NaN;
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      for (String m : List.of("threshold", "precision", "recall", "f1")) {
        assertThat(Fixtures.close(row.get(m).asDouble(), t.doubleColumn(m).getDouble(r)))
            .as("sweep row %d %s", r, m).isTrue();
      }
      if (row.get("f1").asDouble() > bestF1 + 1e-12) {
        bestF1 = row.get("f1").asDouble();
        bestThreshold = row.get("threshold").asDouble();
      }
    }
    assertThat(sweep.bestF1Threshold()).isEqualTo(bestThreshold);
    assertThat(Fixtures.close(bestF1, sweep.bestF1())).isTrue();
  }

  private static void assertArray(String what, JsonNode expected, double[] actual) {
    assertThat(actual).as(what + " length").hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      double e = expected.get(i).asDouble();
      assertThat(Fixtures.close(e, actual[i])).as("%s[%d]: expected %s, was %s", what, i, e,
          actual[i]).isTrue();
    }
  }
}
