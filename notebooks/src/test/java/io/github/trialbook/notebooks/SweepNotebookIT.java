package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** sweep.ipynb in each real kernel: a sweep of a script, live pids, stop, resume, audit. */
@ParameterizedClass
@EnumSource(TestKernel.class)
class SweepNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.execute(k, "sweep.ipynb");
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(stringValue(cell(nb, "points.stream()")))
        .contains("T300_eps0p1").contains("T400_eps1p0");
  }

  @Test
  void theLiveViewShowsEachProcessPidAndLastStderrLine() {
    String view = data(cell(nb, "var handle = startBatch(spec)"), "text/plain").get(0);
    assertThat(view).containsPattern("pid \\d+ · T=\\d+ eps=[0-9.]+ seed=\\d+ threads=1");
    String html = data(cell(nb, "var handle = startBatch(spec)"), "text/html").get(0);
    assertThat(html).containsPattern("pid \\d+ · T=");
  }

  @Test
  void stoppingEndsEveryProcessAndTheResumeRunsTheRest() {
    assertThat(stringValue(cell(nb, "handle.cancel()")))
        .containsPattern("stopped: true, [2-9]\\d* ok").contains("processes still running: 0");
    String resumed = data(cell(nb, "var r = runBatch(spec)"), "text/plain").get(0);
    assertThat(resumed).startsWith("sweep: finished, 12/12 trials (10 ok, 2 failed)").contains("resumed ");
    assertThat(String.join("", data(cell(nb, "r.table().selectColumns"), "text/html"))).contains("eps")
        .contains("sim.exitCode");
  }

  @Test
  void theAuditRendersCountsThenTheCasesThatAreNotOk() {
    String html = data(cell(nb, "var a = audit(runDir)"), "text/html").get(0);
    assertThat(html).contains("12 expected cases").contains("2 failed").contains("T300_eps0p1/seed1")
        .contains("missing_files").contains("out/summary.json");
    assertThat(stringValue(cell(nb, "a.isComplete()")))
        .contains("false: 12 expected, 2 failed, 1 missing files");
  }

  /** A cell whose value is a String: Rapaio shows it as HTML, IJava as plain text. */
  private static String stringValue(JsonNode cell) {
    return String.join("", data(cell, "text/html")) + String.join("", data(cell, "text/plain"));
  }
}
