package io.github.trialbook.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.display.RendererRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForecastRenderingTest {
  private static final WallTime WALL = new WallTime(Duration.ofSeconds(50), Duration.ofSeconds(45),
      Duration.ofSeconds(58), 200);

  private static Forecast forecast(boolean usage) {
    return new Forecast("triage", 8, 10, Duration.ofMillis(1500), 490, WALL, List.of(
        new ConfigForecast("A", 5, 250, 0.2, Duration.ofMillis(120), usage, 500, 0.0025, 25_000,
            0.125),
        new ConfigForecast("B", 5, 250, 0, Duration.ofMillis(80), usage, 1000, 2.5, 50_000,
            125.0)), List.of());
  }

  @Test
  void textIsATableOfTheConfigsUnderTheWallTime() {
    String text = forecast(true).toString();
    assertThat(text).startsWith("forecast of batch triage: 490 trials left at parallelism 8\n"
        + "wall time 50 s (80 %: 45 s – 58 s), from 200 simulations of the queue\n");
    assertThat(text).contains("projected for all trials: 75,000 tokens, $125.13",
        "config  pilot  trials  failed  mean latency  pilot tokens  pilot cost  projected tokens"
            + "  projected cost",
        "A           5     250  20.0 %        120 ms           500   $0.002500            25,000"
            + "         $0.1250",
        "$125.00");
  }

  @Test
  void withoutUsageTheTokenColumnsAreLeftOut() {
    assertThat(forecast(false).toText()).doesNotContain("tokens", "cost");
    assertThat(forecast(false).toHtml()).doesNotContain("tokens");
  }

  @Test
  void projectedMetricsAreShownEscaped() {
    ProjectedMetric metric = new ProjectedMetric("<b>\u001b[31mred", "f1", 0.81, 0.7, 0.9, 40,
        2000, 0.795, 0.825);
    Forecast f = forecast(true).withProjectedMetrics(List.of(metric));
    assertThat(f.projectedMetrics()).hasSize(1);
    assertThat(f.toText()).contains("projected metrics:\n  <b>\u241b[31mred f1: pilot 0.810 "
        + "[0.700, 0.900] over 40 → projected [0.795, 0.825] over 2000").doesNotContain("\u001b");
    assertThat(f.toHtml()).contains("<td>&lt;b&gt;\u001b[31mred</td>", "[0.795, 0.825]")
        .doesNotContain("<b>\u001b");
    assertThat(forecast(true).projectedMetrics()).isEmpty();
  }

  @Test
  void aNotebookShowsItThroughTheSharedRegistry() {
    Map<String, String> bundle = RendererRegistry.shared().render(forecast(true)).orElseThrow();
    assertThat(bundle.get("text/html")).startsWith("<div class=\"trialbook-forecast\">")
        .contains("<td>A</td>");
    assertThat(bundle.get("text/plain")).contains("forecast of batch triage");
  }
}
