package io.github.trialbook.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The one encoder: a bare XChart chart and a ChartView encode to the same kind of output. */
class ChartEncoderTest {
  private static XYChart chart() {
    XYChart chart = new XYChartBuilder().width(320).height(240).title("p50 <ms>").build();
    chart.addSeries("p50", new double[] {1, 2, 3}, new double[] {12, 15, 11});
    return chart;
  }

  @Test
  void pngIsAnImageOfTheChartsSize() throws Exception {
    byte[] png = ChartEncoder.png(chart());

    assertThat(png).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getWidth()).isEqualTo(320);
    assertThat(image.getHeight()).isEqualTo(240);
  }

  @Test
  void svgIsOneDocumentOfTheChartsWidth() {
    String svg = ChartEncoder.svg(chart());

    assertThat(svg).contains("<svg").contains("width=\"320").endsWith("</svg>\n");
  }

  @Test
  void chartViewEncodesThroughTheSameEncoder() {
    ChartView view = new ChartView((w, h) -> chart(), 320, 240);

    assertThat(view.toSvg()).isEqualTo(ChartEncoder.svg(view.chart()));
    assertThat(view.toPng()).startsWith(0x89, 'P', 'N', 'G');
  }
}
