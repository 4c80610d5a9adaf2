package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * What broke in the genuine IJava 1.3.0 kernel (issue 11), one test per defect, each against a
 * real kernel: a plain IJava kernelspec (IJava's own, no Trialbook) where the jar comes by
 * {@code %jars}, and Trialbook's IJava kernelspec.
 */
class IJavaKernelIT {
  private static final TestKernel IJAVA = TestKernel.IJAVA;

  private static String jar() {
    Path jar = Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar");
    assertThat(jar).exists();
    return jar.toString();
  }

  /**
   * Item 14: {@code %jars} into a plain IJava kernel and no {@code Kernels.init()}: the batch shows
   * its live view, and its result, its table, a metric and a chart render as HTML and PNG, with
   * no SLF4J line (nor any other stream output) in any cell.
   */
  @Test
  void renderersAreRegisteredWithoutInitAndSlf4jStaysQuiet() throws Exception {
    JsonNode nb = Jupyter.executeCells(IJAVA, IJAVA.plainKernelspec(), "ijava-plain", List.of(
        "%jars " + jar(),
        "var r = io.github.trialbook.Trialbook.runBatch(io.github.trialbook.Trialbook\n"
            + "    .batch(\"ijava-plain\", java.util.List.of(1, 2, 3, 4, 5, 6), i -> \"item-\" + i)\n"
            + "    .stage(\"truth\", t -> t.input() % 2 == 0 ? \"even\" : \"odd\")\n"
            + "    .stage(\"guess\", t -> t.input() % 3 == 0 ? \"even\" : \"odd\")\n"
            + "    .noCheckpoint().build());",
        "r",
        "r.table()",
        "io.github.trialbook.eval.Metrics.classification(r.table(), \"truth\", \"guess\")",
        "io.github.trialbook.chart.ConfusionHeatMap.of(\n"
            + "    io.github.trialbook.eval.Metrics.confusion(r.table(), \"truth\", \"guess\"))"));

    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "runBatch("), "text/html")).singleElement().asString()
        .contains("trialbook-progress").contains("ijava-plain: finished, 6/6 trials (6 ok, 0 failed)");
    assertThat(data(Jupyter.cellExactly(nb, "r"), "text/html")).singleElement().asString()
        .contains("trialbook-result");
    assertThat(data(Jupyter.cellExactly(nb, "r.table()"), "text/html")).singleElement().asString()
        .contains("<td>item-3</td>").contains("<th>guess</th>");
    assertThat(data(cell(nb, "Metrics.classification("), "text/html")).singleElement().asString()
        .contains("precision").contains("recall");
    String png = data(cell(nb, "ConfusionHeatMap.of("), "image/png").get(0);
    assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(png)))).isNotNull();
    assertThat(streams(nb)).as("stream output of any cell").isEmpty();
  }

  /**
   * Item 15: an interrupt mid-batch in a plain IJava kernel with the jar added by {@code %jars}:
   * the cell's last picture, sent before its idle and under its own request, reads "cancelled —
   * resumable", and the next cell runs.
   */
  @Test
  void theInterruptedCellsLastPictureIsCancelledResumable() throws Exception {
    IJAVA.assumeAvailable();
    Path work = Files.createDirectories(Jupyter.executed(IJAVA).resolve("probe-plain"));
    JsonNode report = Jupyter.interruptProbe(IJAVA.plainKernelspec(), work, "%jars " + jar(),
        "import static io.github.trialbook.Trialbook.*;");
    JsonNode interrupt = report.get("interrupt");
    String last = Jupyter.lastOwnPicture(interrupt);
    assertThat(last).as("the last picture before the cell's idle")
        .startsWith("probe-cancel: cancelled — resumable").contains("left for resume");
    assertThat(interrupt.get("own_idle").isNull()).as("the cell's own idle").isFalse();
    assertThat(interrupt.get("own_idle").asDouble() - interrupt.get("interrupt_at").asDouble())
        .as("seconds from interrupt_request to idle").isBetween(0.0, 5.0);
    assertThat(interrupt.get("outputs").toString()).contains("EvaluationInterruptedException");
    assertThat(report.get("next_cell").get("outputs").toString()).contains("execute_result").contains("42");
  }

  /**
   * Item 16: JShell resets earlier variables when a later cell adds an import, so Trialbook's
   * kernelspec imports every user package up front: a later cell uses eval, chart, endpoint and
   * batch.event types without an import, and the earlier result is still there.
   */
  @Test
  void theKernelspecImportsEveryUserPackageSoNoLaterCellNeedsAnImport() throws Exception {
    JsonNode nb = Jupyter.executeCells(IJAVA, IJAVA.kernelspec(), "ijava-imports", List.of(
        "var r = runBatch(batch(\"imports\", List.of(1, 2, 3, 4), i -> \"n\" + i)\n"
            + "    .stage(\"truth\", t -> t.input() % 2 == 0 ? \"even\" : \"odd\")\n"
            + "    .stage(\"guess\", t -> \"even\").noCheckpoint().build());",
        "ClassificationReport report = Metrics.classification(r.table(), \"truth\", \"guess\");\n"
            + "ChartView chart = ConfusionHeatMap.of(Metrics.confusion(r.table(), \"truth\", \"guess\"));\n"
            + "Class<?> types = EndpointPool.class; Class<?> events = ProgressSnapshot.class;\n"
            + "Table t = r.table();\n"
            + "report.getClass().getSimpleName() + \" \" + chart.getClass().getSimpleName()",
        "r.ok() + \" ok of \" + r.records().size()"));

    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "ClassificationReport report"), "text/plain")).singleElement().asString()
        .isEqualTo("ClassificationReport ChartView");
    assertThat(data(cell(nb, "r.ok() + "), "text/plain")).singleElement().asString().isEqualTo("4 ok of 4");
  }

  private static List<String> streams(JsonNode nb) {
    List<String> texts = new ArrayList<>();
    for (JsonNode c : nb.get("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.get("output_type").asText().equals("stream")) {
          texts.add(o.path("text").toString());
        }
      }
    }
    return texts;
  }
}
