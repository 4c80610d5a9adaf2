package io.github.trialbook.chart;

import io.github.trialbook.eval.ConfusionMatrix;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A confusion matrix as a heat map: predicted labels on x, true labels on y (first label at the
 * top), each cell showing its count or normalised value. One series named {@code "counts"} or
 * {@code "normalized by true|pred|all"}.
 *
 * <pre>{@code
 * ChartView chart = ConfusionHeatMap.of(Metrics.confusion(results, "label", "final.prediction")
 *     .normalize(ConfusionMatrix.Normalize.TRUE));
 * }</pre>
 */
public final class ConfusionHeatMap {
  private ConfusionHeatMap() {}

  public static ChartView of(ConfusionMatrix matrix) {
    List<String> labels = matrix.labelNames();
    double[][] values = matrix.values();
    boolean counts = matrix.normalization() == ConfusionMatrix.Normalize.NONE;
    String name = counts ? "counts"
        : "normalized by " + matrix.normalization().name().toLowerCase(java.util.Locale.ROOT);
    int l = labels.size();
    List<String> yLabels = new ArrayList<>(labels);
    java.util.Collections.reverse(yLabels);
    List<Number[]> cells = new ArrayList<>();
    double max = 0;
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < l; j++) {
        cells.add(new Number[] {j, l - 1 - i, values[i][j]});
        max = Math.max(max, values[i][j]);
      }
    }
    double top = max == 0 ? 1 : max;
    return new ChartView((w, h) -> {
      HeatMapChart chart = new HeatMapChartBuilder().width(w).height(h)
          .title("Confusion matrix").xAxisTitle("Predicted label").yAxisTitle("True label")
          .build();
      TrialbookTheme.apply(chart.getStyler());
      chart.getStyler().setShowValue(true)
          .setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12))
          .setValueFontColor(TrialbookTheme.INK)
          .setHeatMapValueDecimalPattern(counts ? "0" : "0.00")
          .setRangeColors(new Color[] {Color.WHITE, TrialbookTheme.SERIES_COLORS[0]})
          .setMin(0).setMax(top);
      chart.getStyler().setLegendVisible(false);
      chart.getStyler().setPlotGridLinesVisible(false); // heat maps have no grid stroke
      chart.addSeries(name, labels, yLabels, cells);
      return chart;
    }, Math.max(ChartView.WIDTH, 80 + 60 * l), Math.max(ChartView.HEIGHT, 80 + 45 * l));
  }
}
