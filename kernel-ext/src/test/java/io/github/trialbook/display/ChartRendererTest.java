package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

class ChartRendererTest {
  private static XYChart chart() {
    XYChart chart = new XYChartBuilder().width(400).height(300).title("PR <curve>").build();
    chart.addSeries("cfg-a", new double[] {0, 0.5, 1}, new double[] {1, 0.8, 0.5});
    return chart;
  }

  @Test
  void pngDecodesToAnImageOfTheChartsSize() throws Exception {
    Map<String, String> bundle = ChartRenderer.png().render(chart());

    byte[] png = Base64.getDecoder().decode(bundle.get("image/png"));
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image).isNotNull();
    assertThat(image.getWidth()).isEqualTo(400);
    assertThat(image.getHeight()).isEqualTo(300);
    assertThat(bundle).doesNotContainKey("image/svg+xml");
    assertThat(bundle.get("text/plain")).isEqualTo("XYChart 'PR <curve>' (400×300)");
  }

  @Test
  void svgIsOptional() {
    Map<String, String> bundle = ChartRenderer.pngAndSvg().render(chart());

    assertThat(bundle.get("image/svg+xml")).contains("<svg").contains("</svg>");
  }

  @Test
  void sharedRegistryRendersCharts() {
    assertThat(RendererRegistry.shared().render(chart()).orElseThrow()).containsKey("image/png");
  }
}
