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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * report.ipynb executed twice against one run directory, in each real kernel: the first execution runs the batch,
 * the second resumes it without running a trial, and every report cell comes out the same.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class ReportNotebookIT {
  @Parameter
  TestKernel kernel;
  /** The report cells, by a piece of their source: their outputs must not change. */
  private static final List<String> REPORT_CELLS = List.of("manifest.batch()",
      "rows with ground truth", "classification(table", "compareConfigs(", "confusion(");
  private static JsonNode first;
  private static JsonNode second;
  private static Path runDir;

  @BeforeParameterizedClassInvocation
  static void executeTwice(TestKernel k) throws Exception {
    k.assumeAvailable();
    runDir = Jupyter.WORK.resolve("report-run-" + k.id());
    if (Files.exists(runDir)) {
      try (Stream<Path> walk = Files.walk(runDir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    String param = "runDir=\"" + runDir + "\"";
    first = Jupyter.execute(k, "report.ipynb", param, "maxInputs=120");
    second = Jupyter.execute(k, "report.ipynb", param, "maxInputs=120");
  }

  @Test
  void bothExecutionsRunCleanAndTheSecondRunsNothingAgain() {
    assertThat(Jupyter.errors(first)).isEmpty();
    assertThat(Jupyter.errors(second)).isEmpty();
    JsonNode batch = cell(second, "var run = runBatch(spec)");
    assertThat(data(batch, "text/plain")).anySatisfy(text -> assertThat(text)
        .startsWith("report: finished, 360/360 trials").contains("resumed 360"));
    assertThat(data(batch, kernel.stringMime())).anySatisfy(value -> assertThat(value)
        .contains("360 ok of 360 trials"));
  }

  @Test
  void everyReportCellIsTheSameInBothExecutions() {
    for (String marker : REPORT_CELLS) {
      List<String> html = data(cell(first, marker), "text/html");
      List<String> text = data(cell(first, marker), "text/plain");
      assertThat(html.size() + text.size()).as(marker).isPositive();
      assertThat(data(cell(second, marker), "text/html")).as(marker).isEqualTo(html);
      assertThat(data(cell(second, marker), "text/plain")).as(marker).isEqualTo(text);
    }
  }

  @Test
  void theReportShowsTheRunAndItsMetrics() {
    assertThat(data(cell(first, "manifest.batch()"), kernel.stringMime())).singleElement().asString()
        .contains("batch report, finished: 3 configs [radius, concavity, combined] × 120 inputs")
        .contains("360 ok, 0 failed");
    assertThat(data(cell(first, "classification(table"), "text/html")).singleElement().asString()
        .contains("precision").contains("recall").contains("f1").contains("combined");
    assertThat(data(cell(first, "RocChart.of("), "text/plain")).singleElement().asString()
        .startsWith("Chart: ROC curve").contains("combined (AUC");
    assertThat(data(cell(first, "RocChart.of("), "text/html")).singleElement().asString()
        .contains("data:image/png;base64,");
  }

  @Test
  void theWholeReportIsShownInTheCellAndWrittenAsOnePage() throws Exception {
    assertThat(data(cell(second, "report.writeHtml("), "text/html")).singleElement().asString()
        .contains("<h1>Screening report</h1>").contains("<h2>Worker utilisation</h2>")
        .contains("<h2>Latency per stage</h2>").contains("<h2>Metrics</h2>").contains("combined")
        .contains("<td>sessions</td><td>2</td>");
    String page = Files.readString(runDir.resolve("report.html"));
    assertThat(page).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,")
        .doesNotContain("<script");
  }
}
