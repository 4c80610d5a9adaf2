package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** quickstart.ipynb, stripped and executed headless in each real kernel with the Trialbook jar. */
@ParameterizedClass
@EnumSource(TestKernel.class)
class QuickstartNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.execute(k, "quickstart.ipynb", "delayMs=3");
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(cell(nb, "Files.readAllLines").get("outputs").toString()).contains("300 samples, 146 malignant");
  }

  @Test
  void liveViewEndsShowingEveryTrialDone() {
    JsonNode run = cell(nb, "runBatch(spec)");
    List<String> text = data(run, "text/plain");
    assertThat(text).hasSize(1); // one display, updated in place
    assertThat(text.get(0)).startsWith("quickstart: finished, 900/900 trials (899 ok, 1 failed)")
        .contains("[##############################] 100.0% of stages")
        .contains("radius: 300/300 done, 0 failed").contains("concavity: 300/300 done, 1 failed");
    String html = data(run, "text/html").get(0);
    assertThat(html).contains("width:100.0%").doesNotContain("<script>")
        .contains("unreadable slide &lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void resultAndTableRenderAsEscapedHtml() {
    String result = data(Jupyter.cellExactly(nb, "result"), "text/html").get(0);
    assertThat(result).contains("&lt;script&gt;").doesNotContain("<script>");
    String table = data(cell(nb, "result.table().joinOn"), "text/html").get(0);
    assertThat(table).contains("<th>config</th>", "<th>review.score</th>", "<th>truth</th>", "<td>…</td>")
        .contains("900 rows × ");
  }

  @Test
  void reportHasEveryConfigAndClass() {
    String report = data(cell(nb, "classification(table"), "text/plain").get(0);
    for (String config : new String[] {"combined", "concavity", "radius"}) {
      assertThat(report).containsPattern(config + " +malignant +0\\.\\d{4}")
          .containsPattern(config + " +benign +0\\.\\d{4}");
    }
    String comparison = data(cell(nb, "compare(table"), "text/plain").get(0);
    assertThat(comparison).contains("screen.label", "review.label", "delta", "accuracy");
  }

  @Test
  void prCurveIsAPng() throws Exception {
    String png = data(cell(nb, "PrecisionRecallChart.of"), "image/png").get(0);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(png)));
    assertThat(image.getWidth()).isEqualTo(640);
    assertThat(image.getHeight()).isEqualTo(420);
    assertThat(data(cell(nb, "PrecisionRecallChart.of"), "text/plain").get(0))
        .contains("radius (AP", "concavity (AP", "combined (AP");
    assertThat(Files.size(Jupyter.executed(kernel).resolve("quickstart.html"))).isGreaterThan(10_000);
  }
}
