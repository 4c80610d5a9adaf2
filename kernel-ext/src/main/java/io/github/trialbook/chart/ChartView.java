package io.github.trialbook.chart;

import io.github.trialbook.eval.EvalArgumentException;
import io.github.trialbook.internal.FirstUse;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.HeatMapSeries;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.internal.series.Series;

/**
 * A rendered chart: an XChart chart in the Trialbook theme that shows itself as PNG (and SVG) in a
 * notebook, as an escaped {@code <img>} figure in HTML and as a one-line summary in plain text.
 * Sizes are settable: {@link #size} rebuilds the chart at the new size.
 *
 * <pre>{@code
 * ChartView roc = RocChart.of(Metrics.roc(results, "label", "stage1.score")
 *     .positiveLabel("spam").by("config"));
 * roc.size(800, 500).savePng(Path.of("roc.png"));
 * }</pre>
 *
 * <p>Immutable; encoding needs AWT, so run with {@code -Djava.awt.headless=true} in a kernel.
 */
public final class ChartView implements Renderable {
  static {
    FirstUse.ensure(); // in a notebook kernel: renderers registered, SLF4J quiet (jupyter.Kernels)
  }

  /** Default width and height in pixels. */
  public static final int WIDTH = 640;
  public static final int HEIGHT = 420;

  private final BiFunction<Integer, Integer, Chart<?, ?>> factory;
  private final Chart<?, ?> chart;
  /**
   * What a series draws, for the text, when its data points are not its items (a bar's outline
   * has four corners): series name to e.g. {@code "5 bars"}. Others count by their type.
   */
  private final Map<String, String> items;

  ChartView(BiFunction<Integer, Integer, Chart<?, ?>> factory, int width, int height) {
    this(factory, width, height, Map.of());
  }

  ChartView(BiFunction<Integer, Integer, Chart<?, ?>> factory, int width, int height,
      Map<String, String> items) {
    if (width < 50 || height < 50 || width > 10_000 || height > 10_000) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "chart size must be between 50 and 10000 pixels (was %d x %d); e.g. size(800, 500)",
          width, height));
    }
    this.factory = factory;
    this.items = Map.copyOf(items);
    this.chart = factory.apply(width, height);
  }

  /** The same chart at another size. */
  public ChartView size(int width, int height) {
    return new ChartView(factory, width, height, items);
  }

  /** The underlying XChart chart, for restyling. */
  public Chart<?, ?> chart() {
    return chart;
  }

  public int width() {
    return chart.getWidth();
  }

  public int height() {
    return chart.getHeight();
  }

  public String title() {
    return chart.getTitle();
  }

  public String xAxisTitle() {
    return chart.getXAxisTitle();
  }

  public String yAxisTitle() {
    return chart.getYAxisTitle();
  }

  /** Series names in drawing order. */
  public List<String> seriesNames() {
    return new ArrayList<>(chart.getSeriesMap().keySet());
  }

  /**
   * Number of data points (or cells) of each series, by name, as XChart holds them: a bar drawn
   * as an outline counts its four corners (the text, {@link #toText()}, counts bars).
   */
  public Map<String, Integer> pointCounts() {
    Map<String, Integer> out = new LinkedHashMap<>();
    chart.getSeriesMap().forEach((name, series) -> out.put(name, count(series)));
    return out;
  }

  @Override
  public byte[] toPng() {
    return ChartEncoder.png(chart);
  }

  @Override
  public String toSvg() {
    return ChartEncoder.svg(chart);
  }

  public void savePng(Path file) throws IOException {
    Files.write(file, toPng());
  }

  public void saveSvg(Path file) throws IOException {
    Files.writeString(file, toSvg(), StandardCharsets.UTF_8);
  }

  @Override
  public String toText() {
    StringBuilder sb = new StringBuilder("Chart: ").append(title()).append(" (")
        .append(width()).append('x').append(height()).append("); series: ");
    List<String> parts = new ArrayList<>();
    chart.getSeriesMap().forEach((name, series) -> parts.add(name + " ("
        + items.getOrDefault(name, counted(count(series), unit(series))) + ")"));
    return PlainText.escape(sb.append(String.join(", ", parts)).toString());
  }

  /** {@code 1 bar}, {@code 5 bars}. */
  static String counted(int n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }

  /** What one data item of a series is: a curve's point, a category chart's bar, a heat cell. */
  private static String unit(Series series) {
    return series instanceof CategorySeries ? "bar"
        : series instanceof HeatMapSeries ? "cell" : "point";
  }

  @Override
  public String toHtml() {
    return "<figure class=\"trialbook-chart\"><img width=\"" + width() + "\" height=\"" + height()
        + "\" alt=\"" + Html.escape(title()) + "\" src=\"data:image/png;base64,"
        + Base64.getEncoder().encodeToString(toPng()) + "\"><figcaption>"
        + Html.escape(toText()) + "</figcaption></figure>";
  }

  @Override
  public String toString() {
    return toText();
  }

  private static int count(Series series) {
    if (series instanceof XYSeries xy) {
      int n = 0;
      for (double y : xy.getYData()) {
        n += Double.isNaN(y) ? 0 : 1;
      }
      return n;
    }
    if (series instanceof CategorySeries category) {
      return category.getXData().size();
    }
    if (series instanceof HeatMapSeries heat) {
      return heat.getHeatData().size();
    }
    return 0;
  }
}
