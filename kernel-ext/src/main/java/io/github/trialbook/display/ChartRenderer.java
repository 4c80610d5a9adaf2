package io.github.trialbook.display;

import io.github.trialbook.chart.ChartEncoder;
import io.github.trialbook.internal.PlainText;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Renders an XChart chart as {@code image/png} (base64) with a {@code text/plain} caption, and
 * optionally {@code image/svg+xml}, encoded by {@link ChartEncoder}. Encoding runs headless.
 *
 * <pre>{@code
 * Map<String, String> bundle = ChartRenderer.png().render(chart);
 * byte[] png = Base64.getDecoder().decode(bundle.get("image/png"));
 * }</pre>
 */
public final class ChartRenderer {
  private final boolean svg;

  private ChartRenderer(boolean svg) {
    this.svg = svg;
  }

  /** PNG only: what notebooks show by default (SVG doubles the size of the output). */
  public static ChartRenderer png() {
    return new ChartRenderer(false);
  }

  /** PNG and SVG. */
  public static ChartRenderer pngAndSvg() {
    return new ChartRenderer(true);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  static void registerInto(RendererRegistry registry, ChartRenderer renderer) {
    registry.register(Chart.class, c -> renderer.render((Chart<?, ?>) c));
  }

  /** The MIME bundle of {@code chart}. */
  public Map<String, String> render(Chart<?, ?> chart) {
    Map<String, String> bundle = new LinkedHashMap<>();
    String title = chart.getTitle() == null || chart.getTitle().isBlank() ? "chart" : chart.getTitle();
    bundle.put("text/plain", PlainText.escape(String.format(Locale.ROOT, "%s '%s' (%d×%d)",
        chart.getClass().getSimpleName(), title, chart.getWidth(), chart.getHeight())));
    bundle.put("image/png", Base64.getEncoder().encodeToString(ChartEncoder.png(chart)));
    if (svg) {
      bundle.put("image/svg+xml", ChartEncoder.svg(chart));
    }
    return bundle;
  }
}
