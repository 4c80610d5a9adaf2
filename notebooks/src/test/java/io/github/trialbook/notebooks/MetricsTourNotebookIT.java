package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** metrics-tour.ipynb in each real kernel: every metric table and chart renders. */
@ParameterizedClass
@EnumSource(TestKernel.class)
class MetricsTourNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel kernel) throws Exception {
    nb = Jupyter.execute(kernel, "metrics-tour.ipynb", "delayMs=1");
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "runBatch(spec)"), "text/plain").get(0))
        .startsWith("metrics-tour: finished, 900/900 trials (900 ok, 0 failed)");
  }

  @Test
  void metricTablesHaveTheExpectedRows() {
    String report = data(cell(nb, "var report = classification"), "text/plain").get(0);
    String row = "^(combined|concavity|radius) +(benign|malignant|accuracy|micro avg|macro avg|weighted avg) .*";
    assertThat(report.lines().filter(l -> l.matches(row)))
        .hasSize(18);
    assertThat(data(cell(nb, "compareConfigs("), "text/plain").get(0)).contains("radius", "combined", "p_value");
    assertThat(data(cell(nb, "var confusionMatrix"), "text/plain").get(0)).contains("true \\ predicted");
    assertThat(data(cell(nb, "thresholds("), "text/plain").get(0)).contains("best F1");
  }

  @Test
  void everyChartIsADecodablePng() throws Exception {
    for (String marker : new String[] {"ConfusionHeatMap.of", "PrecisionRecallChart.of", "RocChart.of",
        "MetricBarChart.of", "LatencyHistogram.of", "ThroughputChart.of"}) {
      String png = data(cell(nb, marker), "image/png").get(0);
      assertThat(ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(png))))
          .as(marker).isNotNull();
    }
  }
}
