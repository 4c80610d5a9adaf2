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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** quickstart.ipynb, stripped and executed headless in the real Rapaio kernel with the Trialbook jar. */
class QuickstartNotebookIT {
  private static JsonNode nb;

  @BeforeAll
  static void execute() throws Exception {
    nb = Jupyter.execute("quickstart.ipynb", "delayMs=3");
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
    String table = data(cell(nb, "Table table = result.table()"), "text/html").get(0);
    assertThat(table).contains("<th>config</th>", "<th>review.score</th>", "<td>…</td>")
        .contains("900 rows × ");
  }

  @Test
  void reportHasOneRowPerConfig() {
    String report = data(cell(nb, "Table finalReport"), "text/plain").get(0);
    assertThat(report.lines().filter(l -> l.matches("^(combined|concavity|radius) .*"))).hasSize(3);
    assertThat(report).contains("3 rows × 5 columns");
    String comparison = data(cell(nb, "screen vs review F1"), "text/plain").get(0);
    assertThat(comparison).contains("screen_f1", "review_f1", "delta");
  }

  @Test
  void prCurveIsAPng() throws Exception {
    String png = data(cell(nb, "XYChartBuilder"), "image/png").get(0);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(png)));
    assertThat(image.getWidth()).isEqualTo(560);
    assertThat(image.getHeight()).isEqualTo(400);
    assertThat(Files.size(Jupyter.WORK.resolve("executed/quickstart.html"))).isGreaterThan(10_000);
  }
}
