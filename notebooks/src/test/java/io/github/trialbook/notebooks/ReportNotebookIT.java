package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * report.ipynb executed twice against one run directory: the first execution runs the batch,
 * the second resumes it without running a trial, and every report cell comes out the same.
 */
class ReportNotebookIT {
  /** The report cells, by a piece of their source: their outputs must not change. */
  private static final List<String> REPORT_CELLS = List.of("manifest.batch()",
      "rows with ground truth", "classification(table", "compareConfigs(", "confusion(");
  private static JsonNode first;
  private static JsonNode second;

  @BeforeAll
  static void executeTwice() throws Exception {
    Path runDir = Jupyter.WORK.resolve("report-run");
    if (Files.exists(runDir)) {
      try (Stream<Path> walk = Files.walk(runDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    String param = "runDir=\"" + runDir + "\"";
    first = Jupyter.execute("report.ipynb", param, "maxInputs=120");
    second = Jupyter.execute("report.ipynb", param, "maxInputs=120");
  }

  @Test
  void bothExecutionsRunCleanAndTheSecondRunsNothingAgain() {
    assertThat(Jupyter.errors(first)).isEmpty();
    assertThat(Jupyter.errors(second)).isEmpty();
    JsonNode batch = cell(second, "var run = runBatch(spec)");
    assertThat(data(batch, "text/plain")).anySatisfy(text -> assertThat(text)
        .startsWith("report: finished, 360/360 trials").contains("resumed 360"));
    assertThat(data(batch, "text/html")).anySatisfy(html -> assertThat(html)
        .contains("360 ok of 360 trials"));
  }

  @Test
  void everyReportCellIsTheSameInBothExecutions() {
    for (String marker : REPORT_CELLS) {
      List<String> html = data(cell(first, marker), "text/html");
      assertThat(html).as(marker).isNotEmpty();
      assertThat(data(cell(second, marker), "text/html")).as(marker).isEqualTo(html);
    }
  }

  @Test
  void theReportShowsTheRunAndItsMetrics() {
    assertThat(data(cell(first, "manifest.batch()"), "text/html")).singleElement().asString()
        .contains("batch report, finished: 3 configs [radius, concavity, combined] × 120 inputs")
        .contains("360 ok, 0 failed");
    assertThat(data(cell(first, "classification(table"), "text/html")).singleElement().asString()
        .contains("precision").contains("recall").contains("f1").contains("combined");
    assertThat(data(cell(first, "RocChart.of("), "text/plain")).singleElement().asString()
        .startsWith("Chart: ROC curve").contains("combined (AUC");
    assertThat(data(cell(first, "RocChart.of("), "text/html")).singleElement().asString()
        .contains("data:image/png;base64,");
  }
}
