package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tech.tablesaw.api.Table;

/** The report agrees with scikit-learn 1.2.1 on every fixture case (1e-12; counts exact). */
class ClassificationReportSklearnTest {

  @TestFactory
  Stream<DynamicTest> everyFixtureCaseAgrees() {
    List<DynamicTest> tests = new ArrayList<>();
    Fixtures.load("classification.json").get("cases").forEach(c ->
        tests.add(DynamicTest.dynamicTest(c.get("name").asText(), () -> check(c))));
    assertThat(tests).hasSizeGreaterThan(25);
    return tests.stream();
  }

  private static void check(JsonNode c) {
    Table table = Table.create("results", Fixtures.column("label", c.get("truth")),
        Fixtures.column("prediction", c.get("prediction")));
    ClassificationReport report = Metrics.classification(table, "label", "prediction")
        .zeroDivision(policy(c.get("zero_division")));
    if (!c.get("labels").isNull()) {
      report = report.labels(Fixtures.labels(c.get("labels")));
    }
    if (!c.get("pos_label").isNull()) {
      report = report.positiveLabel(Fixtures.label(c.get("pos_label")));
    }
    assertRows(report.table(), c.get("rows"));
    assertThat(!report.warnings().isEmpty())
        .as("warned as scikit-learn did: %s", report.warnings())
        .isEqualTo(c.get("warned").asBoolean());
  }

  static void assertRows(Table t, JsonNode rows) {
    assertThat(t.rowCount()).isEqualTo(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      assertThat(t.stringColumn("class").get(r)).isEqualTo(row.get("name").asText());
      for (String metric : List.of("precision", "recall", "f1")) {
        double expected = row.get(metric).isNull() ? Double.NaN : row.get(metric).asDouble();
        double actual = t.doubleColumn(metric).getDouble(r);
        assertThat(Fixtures.close(expected, actual))
            .as("%s %s: expected %s, was %s", row.get("name").asText(), metric, expected, actual)
            .isTrue();
      }
      assertThat(t.intColumn("support").getInt(r)).isEqualTo(row.get("support").asInt());
    }
  }

  private static ZeroDivision policy(JsonNode zd) {
    return switch (zd.asText()) {
      case "warn" -> ZeroDivision.WARN;
      case "0" -> ZeroDivision.ZERO;
      case "1" -> ZeroDivision.ONE;
      default -> throw new IllegalArgumentException(zd.asText());
    };
  }

  @Test
  void groupedReportAgreesPerGroup() {
    JsonNode f = Fixtures.load("grouped.json");
    Table table = Table.create("results", Fixtures.column("config", f.get("config")),
        Fixtures.column("label", f.get("truth")), Fixtures.column("stage2.prediction",
            f.get("prediction")));
    Table t = Metrics.classification(table, "label", "stage2.prediction").by("config").table();
    assertThat(t.columnNames()).containsExactly("config", "class", "precision", "recall", "f1",
        "support");
    List<String> groups = new ArrayList<>();
    f.get("groups").fieldNames().forEachRemaining(groups::add);
    assertThat(t.stringColumn("config").unique().asList()).containsExactlyInAnyOrderElementsOf(groups);
    int start = 0;
    for (String g : groups) {
      JsonNode rows = f.get("groups").get(g);
      Table block = t.inRange(start, start + rows.size());
      assertThat(block.stringColumn("config").unique().asList()).containsExactly(g);
      assertRows(block, rows);
      start += rows.size();
    }
    assertThat(start).isEqualTo(t.rowCount());
  }
}
