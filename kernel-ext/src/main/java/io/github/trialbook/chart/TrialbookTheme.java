package io.github.trialbook.chart;

import java.awt.Color;
import java.awt.Font;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;

/**
 * The one look of every Trialbook chart: white background, a colour-blind-safe palette (Okabe-Ito),
 * sans-serif fonts, legend outside on the right, light grid. Applied by every chart class; users
 * restyle a chart through {@link ChartView#chart()} if they must.
 */
public final class TrialbookTheme {
  /** Okabe-Ito palette: distinguishable for the common forms of colour blindness. */
  public static final Color[] SERIES_COLORS = {
      new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
      new Color(204, 121, 167), new Color(86, 180, 233), new Color(213, 94, 0),
      new Color(240, 228, 66), new Color(0, 0, 0)};
  static final Color INK = new Color(51, 51, 51);
  static final Color GRID = new Color(225, 225, 225);

  private TrialbookTheme() {}

  /** Applies the theme to a freshly built chart's styler. */
  public static void apply(Styler styler) {
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setPlotBorderVisible(false);
    styler.setChartFontColor(INK);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    styler.setLegendBorderColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideE);
    styler.setSeriesColors(SERIES_COLORS);
    styler.setAntiAlias(true);
    styler.setChartTitleBoxVisible(false);
    if (styler instanceof AxesChartStyler axes) {
      axes.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      axes.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
      axes.setAxisTickLabelsColor(INK);
      axes.setPlotGridLinesColor(GRID);
      axes.setPlotGridLinesVisible(true);
      axes.setAxisTickMarksColor(INK);
    }
  }
}
