package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * live-metrics.ipynb in each real kernel: a pilot's forecast, live metrics with anytime-valid
 * intervals in the live view, an early stop of the broken config, its rerun, and a budget.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class LiveMetricsNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.execute(k, "live-metrics.ipynb");
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
  }

  @Test
  void thePilotForecastsWallTimeAndProjectsTheFinalIntervals() {
    String text = String.join("", data(cell(nb, "var forecast = pilot(spec, 0.05)"), "text/plain"));
    assertThat(text).contains("wall time").contains("projected metrics:")
        .containsPattern("combined f1: pilot 0\\.\\d{3} \\[0\\.\\d{3}, [01]\\.\\d{3}\\] over 29 → projected");
  }

  @Test
  void theLiveViewEndsWithTheMetricsAndTheEarlyStop() {
    JsonNode run = cell(nb, "var result = runBatch(spec)");
    List<String> text = data(run, "text/plain");
    assertThat(text).hasSize(1); // one display, updated in place
    assertThat(text.get(0)).contains("metrics, 95 % anytime-valid intervals; leader on f1:")
        .containsPattern("broken: n \\d+ · accuracy 0\\.\\d{3} \\[").doesNotContain("missing")
        .containsPattern("stopped early: f1 behind (radius|concavity|combined) by 0\\.\\d{3}")
        .contains("resumed 116").contains("stopped early ");
    assertThat(data(run, "text/html").get(0)).contains("<th>vs leader</th>").contains(">stopped early: f1");
  }

  @Test
  void theMetricsTableAndTheRerunOfTheStoppedTrials() {
    String table = data(cell(nb, "result.metrics()"), "text/html").get(0);
    assertThat(table).contains("<th>f1_low</th>", "<th>f1_fixed_low</th>", "<th>vs_leader</th>", "<td>stopped</td>");
    String stopped = String.join("", data(cell(nb, "countOccurrences(\"stopped\")"), "text/html"))
        + String.join("", data(cell(nb, "countOccurrences(\"stopped\")"), "text/plain"));
    assertThat(stopped).containsPattern("[1-9]\\d* trials stopped early; resumed from the pilot: 116");
    String rerun = data(cell(nb, "var completed = rerun(spec, Select.stopped())"), "text/html").get(0);
    assertThat(rerun).contains("<td>broken</td>").doesNotContain("<td>stopped</td>");
  }

  @Test
  void theBudgetStopsTheBatchAndSaysSo() {
    String text = String.join("", data(cell(nb, "var spent = runBatch(paid)"), "text/plain"));
    assertThat(text).contains("budget $0.05 reached").contains("cancelled")
        .containsPattern("spent: default [\\d,]+ tokens \\$0\\.0[45]\\d\\d");
  }
}
