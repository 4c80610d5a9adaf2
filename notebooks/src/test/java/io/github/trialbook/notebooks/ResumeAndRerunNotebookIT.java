package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** resume-and-rerun.ipynb in each real kernel: cancel, resume, rerun failures and a config, history. */
@ParameterizedClass
@EnumSource(TestKernel.class)
class ResumeAndRerunNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.execute(k, "resume-and-rerun.ipynb");
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
  }

  @Test
  void cancelledHalfWayThenResumedOnlyWhatWasMissing() {
    String partial = data(cell(nb, "partial.isCancelled()"), kernel.stringMime()).get(0);
    Matcher m = Pattern.compile("true: (\\d+) ok, (\\d+) cancelled, (\\d+) not started").matcher(partial);
    assertThat(m.find()).as(partial).isTrue();
    assertThat(Integer.parseInt(m.group(3))).as("trials left for resume").isPositive();
    assertThat(data(cell(nb, "var partial = handle.await()"), "text/plain").get(0)).contains("cancelled — resumable");

    String resumed = data(cell(nb, "var resumed = runBatch(spec)"), "text/plain").get(0);
    assertThat(resumed).startsWith("resume-and-rerun: finished, 240/240 trials (216 ok, 24 failed)")
        .contains("resumed ");
  }

  @Test
  void rerunsFixTheFailuresAndKeepHistory() {
    assertThat(data(cell(nb, "rerun(spec, Select.failed())"), "text/plain").get(0))
        .startsWith("resume-and-rerun: finished, 240/240 trials (240 ok, 0 failed)");
    assertThat(data(cell(nb, "Select.configs(\"radius\")"), kernel.stringMime()))
        .anySatisfy(h -> assertThat(h).contains("3 outcomes of radius/s003, latest: OK"));
    assertThat(data(cell(nb, "open(runDir)"), kernel.stringMime()).get(0)).contains("240 trials, 240 ok");
  }
}
