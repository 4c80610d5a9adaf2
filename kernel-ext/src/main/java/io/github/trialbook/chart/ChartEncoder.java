package io.github.trialbook.chart;

import io.github.trialbook.batch.TrialbookException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The one encoder of XChart charts into PNG bytes and SVG markup, used by {@link ChartView} and by
 * the display's renderer of bare XChart charts, so every chart reaches a notebook the same way.
 * Encoding paints through AWT: in a kernel, run with {@code -Djava.awt.headless=true}.
 *
 * <pre>{@code
 * XYChart chart = new XYChartBuilder().width(400).height(300).title("latency").build();
 * chart.addSeries("p50", new double[] {1, 2, 3}, new double[] {12, 15, 11});
 * byte[] png = ChartEncoder.png(chart);
 * String svg = ChartEncoder.svg(chart);
 * }</pre>
 *
 * <p>Stateless and thread-safe (as far as XChart's painting of one chart is).
 */
public final class ChartEncoder {
  private ChartEncoder() {}

  /** PNG bytes of {@code chart} at its own size. */
  public static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new TrialbookException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
    }
  }

  /** SVG markup of {@code chart}. */
  public static String svg(Chart<?, ?> chart) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      VectorGraphicsEncoder.saveVectorGraphic(chart, out,
          VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    } catch (IOException e) {
      throw new TrialbookException("could not encode chart '" + chart.getTitle() + "' as SVG", e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
