package io.github.trialbook.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.eval.EvalArgumentException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * The timeline draws one lane per worker and one bar per trial (or stage, or bin), checked by
 * series and their data, and by the pixels of a rendered PNG: a busy period has its colour, an
 * idle gap has none.
 */
class TimelineChartTest {
  private static final long T0 = 1_790_000_000_000L;
  private static final List<String> STAGES = List.of("fetch", "classify");
  private static final String SCRIPT = "<script>alert(1)</script>";
  private static final Color A = TrialbookTheme.SERIES_COLORS[0];
  private static final Color B = TrialbookTheme.SERIES_COLORS[1];

  /** A trial of two stages that split its latency 1:3. */
  private static TrialRecord trial(String config, int worker, double startS, double seconds,
      TrialStatus status) {
    long nanos = Math.round(seconds * 1e9);
    int info = TrialRecord.packStage(status == TrialStatus.OK ? StageStatus.OK
        : StageStatus.valueOf(status.name()), 1);
    return new TrialRecord(config, "in" + worker + "-" + startS, status, worker, 0,
        T0 + Math.round(startS * 1000), nanos, STAGES, new Object[2],
        new long[] {nanos / 4, nanos - nanos / 4},
        new int[] {TrialRecord.packStage(StageStatus.OK, 1), info}, null);
  }

  private static TrialRecord ok(String config, int worker, double startS, double seconds) {
    return trial(config, worker, startS, seconds, TrialStatus.OK);
  }

  /** Worker 0: a 0-4 s, b 6-10 s; worker 1: a 0-2 s, a (failed) 5-9 s; worker 2 idle. */
  private static List<TrialRecord> small() {
    return List.of(ok("a", 0, 0, 4), ok("b", 0, 6, 4), ok("a", 1, 0, 2),
        trial("a", 1, 5, 4, TrialStatus.FAILED), ok("b", 3, 1, 1));
  }

  private static XYSeries series(ChartView view, String name) {
    return ((XYChart) view.chart()).getSeriesMap().get(name);
  }

  /** The rendered chart, painted, so its screen coordinates are those of the image. */
  private static BufferedImage render(ChartView view) throws Exception {
    return ImageIO.read(new ByteArrayInputStream(view.toPng()));
  }

  private static Color pixel(ChartView view, BufferedImage image, double seconds, double lane) {
    int x = (int) Math.round(view.chart().getScreenXFromChart(seconds));
    int y = (int) Math.round(view.chart().getScreenYFromChart(lane));
    return new Color(image.getRGB(x, y));
  }

  private static boolean near(Color a, Color b) {
    return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
        + Math.abs(a.getBlue() - b.getBlue()) < 30;
  }

  private static boolean light(Color c) {
    return c.getRed() > 200 && c.getGreen() > 200 && c.getBlue() > 200;
  }

  @Test
  void oneLanePerWorkerAndOneBarPerTrialAtItsTimes() throws Exception {
    ChartView view = TimelineChart.of(small()).view();

    assertThat(view.seriesNames()).containsExactly("a", "b", TimelineChart.FAILED_SERIES);
    assertThat(view.title()).isEqualTo("Trial timeline by config");
    assertThat(view.xAxisTitle()).isEqualTo("Seconds since the first trial start");
    assertThat(view.yAxisTitle()).isEqualTo("Worker");
    XYChart chart = (XYChart) view.chart();
    assertThat(chart.getStyler().getYAxisMin()).isEqualTo(-0.5);
    assertThat(chart.getStyler().getYAxisMax()).isEqualTo(3.5); // workers 0..3, 2 idle
    // a: three bars, four corners each; corners at start and end, on the worker's lane
    XYSeries a = series(view, "a");
    assertThat(view.pointCounts()).containsEntry("a", 12).containsEntry("b", 8);
    assertThat(a.getXData()).containsExactly(0, 0, 4, 4, 4, 0, 0, 2, 2, 2, 5, 5, 9, 9, 9);
    assertThat(Arrays.copyOfRange(a.getYData(), 0, 4)).containsExactly(-0.35, 0.35, 0.35, -0.35);
    assertThat(a.getYData()[5]).isEqualTo(1 - 0.35);
    assertThat(a.getYData()[4]).isNaN(); // the break between bars
    assertThat(view.toText()).contains("a (3 bars)", "b (2 bars)", "failed trials (1 trial)");

    BufferedImage image = render(view);
    assertThat(near(pixel(view, image, 2, 0), A)).as("a busy on worker 0 at 2 s").isTrue();
    assertThat(near(pixel(view, image, 8, 0), B)).as("b busy on worker 0 at 8 s").isTrue();
    Color gap = pixel(view, image, 5, 0);
    assertThat(light(gap)).as("worker 0 idle at 5 s, was " + gap).isTrue();
    assertThat(near(pixel(view, image, 3.5, 1), A)).as("lane 1 idle at 3.5 s").isFalse();
    assertThat(light(pixel(view, image, 3.5, 1))).isTrue();
    assertThat(light(pixel(view, image, 5, 2))).as("worker 2 ran nothing").isTrue();
    assertThat(light(pixel(view, image, 2, 0.5))).as("between lanes").isTrue();
  }

  @Test
  void failuresAndTimeoutsAreMarkedAtTheirEndCancelledIsNot() throws Exception {
    List<TrialRecord> records = List.of(ok("a", 0, 0, 2), trial("a", 0, 3, 2, TrialStatus.FAILED),
        trial("a", 1, 0, 6, TrialStatus.TIMEOUT), trial("a", 1, 7, 1, TrialStatus.CANCELLED));
    ChartView view = TimelineChart.of(records).view();

    XYSeries failed = series(view, TimelineChart.FAILED_SERIES);
    assertThat(failed.getXData()).containsExactly(5, 6);
    assertThat(failed.getYData()).containsExactly(0, 1);
    assertThat(failed.getXYSeriesRenderStyle()).isEqualTo(XYSeries.XYSeriesRenderStyle.Scatter);
    BufferedImage image = render(view);
    int x = (int) Math.round(view.chart().getScreenXFromChart(5));
    int y = (int) Math.round(view.chart().getScreenYFromChart(0));
    boolean dark = false;
    for (int dx = -3; dx <= 3; dx++) {
      for (int dy = -3; dy <= 3; dy++) {
        Color c = new Color(image.getRGB(x + dx, y + dy));
        dark |= c.getRed() < 60 && c.getGreen() < 60 && c.getBlue() < 60;
      }
    }
    assertThat(dark).as("a black cross where the failed trial ended").isTrue();
  }

  @Test
  void byStatusColoursBarsByTheTrialsStatus() throws Exception {
    ChartView view = TimelineChart.of(small()).byStatus().view();

    assertThat(view.title()).isEqualTo("Trial timeline by status");
    assertThat(view.seriesNames()).containsExactly("ok", "failed", TimelineChart.FAILED_SERIES);
    assertThat(view.pointCounts()).containsEntry("ok", 4 * 4).containsEntry("failed", 4);
    BufferedImage image = render(view);
    Color ok = pixel(view, image, 2, 0);
    Color failed = pixel(view, image, 6, 1);
    assertThat(near(ok, TrialbookTheme.SERIES_COLORS[2])).as("ok is green, was " + ok).isTrue();
    assertThat(near(failed, TrialbookTheme.SERIES_COLORS[5])).as("failed, was " + failed).isTrue();
    // by config, the same two bars have the one colour of config a
    ChartView byConfig = TimelineChart.of(small()).view();
    BufferedImage configImage = render(byConfig);
    assertThat(near(pixel(byConfig, configImage, 2, 0), A)).isTrue();
    assertThat(near(pixel(byConfig, configImage, 6, 1), A)).isTrue();
  }

  @Test
  void stagesAreSegmentsEndToEndFromTheStart() throws Exception {
    ChartView view = TimelineChart.of(List.of(ok("a", 0, 0, 4), ok("b", 1, 2, 8))).stages().view();

    assertThat(view.title()).isEqualTo("Trial timeline by stage");
    assertThat(view.seriesNames()).containsExactly("fetch", "classify");
    assertThat(series(view, "fetch").getXData()).containsExactly(0, 0, 1, 1, 1, 2, 2, 4, 4, 4);
    assertThat(series(view, "classify").getXData())
        .containsExactly(1, 1, 4, 4, 4, 4, 4, 10, 10, 10);
    BufferedImage image = render(view);
    assertThat(near(pixel(view, image, 0.5, 0), A)).isTrue();
    assertThat(near(pixel(view, image, 2.5, 0), B)).isTrue();

    ChartView status = TimelineChart.of(List.of(ok("a", 0, 0, 4),
        trial("a", 1, 0, 4, TrialStatus.TIMEOUT))).stages().byStatus().view();
    assertThat(status.title()).isEqualTo("Trial timeline by stage status");
    assertThat(status.seriesNames()).containsExactly("ok", "timeout", TimelineChart.FAILED_SERIES);
    assertThat(status.pointCounts()).containsEntry("ok", 3 * 4).containsEntry("timeout", 4);
  }

  @Test
  void aHundredThousandTrialsAreBinnedIntoABoundedChart() throws Exception {
    SplittableRandom rng = new SplittableRandom(7);
    int workers = 8;
    List<TrialRecord> records = new ArrayList<>();
    double[] clock = new double[workers];
    for (int i = 0; i < 100_000; i++) {
      int w = i % workers;
      double seconds = 0.05 + rng.nextDouble() * 0.2;
      TrialStatus status = rng.nextDouble() < 0.03 ? TrialStatus.FAILED : TrialStatus.OK;
      records.add(trial("config" + rng.nextInt(3), w, clock[w], seconds, status));
      clock[w] += seconds + (rng.nextDouble() < 0.01 ? 30 : 0.001); // now and then an idle gap
    }
    Collections.shuffle(records, new java.util.Random(3));

    TimelineChart timeline = TimelineChart.of(records);
    ChartView view = timeline.view();

    assertThat(view.title()).matches("Trial timeline by config \\(binned: 1 bar = [0-9.]+ s\\)");
    assertThat(view.seriesNames()).containsExactly("config0", "config1", "config2",
        TimelineChart.FAILED_SERIES);
    int bounded = workers * TimelineChart.MAX_BINS * 4;
    int total = view.pointCounts().entrySet().stream()
        .filter(e -> !e.getKey().equals(TimelineChart.FAILED_SERIES))
        .mapToInt(e -> e.getValue()).sum();
    assertThat(total).isPositive().isLessThanOrEqualTo(bounded);
    assertThat(view.pointCounts().get(TimelineChart.FAILED_SERIES))
        .isLessThanOrEqualTo(workers * TimelineChart.MAX_BINS);
    assertThat(view.toText()).contains("failed trials (").contains(" trials in ");
    BufferedImage image = render(view);
    assertThat(image.getHeight()).isEqualTo(view.height());
    assertThat(TimelineChart.of(records).stages().byStatus().view().pointCounts().values()
        .stream().mapToInt(Integer::intValue).sum())
        .isLessThanOrEqualTo(bounded + workers * TimelineChart.MAX_BINS);
  }

  @Test
  void aBinTakesTheColourHoldingMostOfItsBusyTimeIdleBinsStayEmpty() throws Exception {
    // 700 short trials of a on worker 0 force bins; 1 bar = 2.5 s over 0..1400 s
    List<TrialRecord> records = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      records.add(ok("a", 0, i * 2.0, 0.5));
    }
    records.add(ok("b", 0, 1399, 1)); // ends the span at 1400 s
    records.add(ok("a", 1, 100, 0.4)); // in bin [100, 102.5): a 0.4 s, b 1.6 s
    records.add(ok("b", 1, 100.5, 1.6));
    ChartView view = TimelineChart.of(records).size(4000, 420).view(); // 1 bar = 7 pixels

    assertThat(view.title()).endsWith("(binned: 1 bar = 2.5 s)");
    XYSeries b = series(view, "b");
    assertThat(b.getXData()).contains(100.0, 102.5);
    XYSeries a = series(view, "a");
    // lane 0 is busy in every bin: one run of a, cut once by the last bin where b holds more
    assertThat(a.getXData()).startsWith(0, 0, 1397.5, 1397.5);
    BufferedImage image = render(view);
    Color bin = pixel(view, image, 101.25, 1);
    assertThat(near(bin, B)).as("b holds most of [100, 102.5) on worker 1, was " + bin).isTrue();
    assertThat(light(pixel(view, image, 700, 1))).as("lane 1 idle after 102.5 s").isTrue();
    assertThat(near(pixel(view, image, 700, 0), A)).isTrue();
  }

  @Test
  void badRecordsFailNamingTheField() {
    assertThatThrownBy(() -> TimelineChart.of(null)).isInstanceOf(EvalArgumentException.class)
        .hasMessageContainingAll("records cannot be null", "TimelineChart.of(result.records())");
    assertThatThrownBy(() -> TimelineChart.of(List.of()))
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContainingAll("records cannot be empty", "result.records()");
    List<TrialRecord> withNull = new ArrayList<>(small());
    withNull.add(1, null);
    assertThatThrownBy(() -> TimelineChart.of(withNull))
        .isInstanceOf(EvalArgumentException.class).hasMessageContaining("records[1] cannot be null");
    assertThatThrownBy(() -> TimelineChart.of(List.of(ok("a", -1, 0, 1))))
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContainingAll("records[0] (a/in-1-0.0)", "worker -1", "workers count from 0");
    assertThatThrownBy(() -> TimelineChart.of(small()).size(10, 10))
        .isInstanceOf(EvalArgumentException.class).hasMessageContaining("(was 10 x 10)");
  }

  @Test
  void hostileConfigNamesAreEscapedInSvgHtmlAndText() {
    TimelineChart timeline = TimelineChart.of(List.of(ok(SCRIPT, 0, 0, 1), ok("b\u001b[2J", 1, 0, 1),
        ok(TimelineChart.FAILED_SERIES, 1, 2, 1), trial("b", 0, 2, 1, TrialStatus.FAILED)));

    assertThat(timeline.view().seriesNames()).contains(SCRIPT, TimelineChart.FAILED_SERIES,
        TimelineChart.FAILED_SERIES + " (config)");
    assertThat(timeline.toSvg()).startsWith("<?xml").contains("<svg").doesNotContain("<script>");
    assertThat(timeline.toHtml()).startsWith("<figure").contains("data:image/png;base64,")
        .doesNotContain("<script>");
    assertThat(timeline.toText()).doesNotContain("\u001b");
    assertThat(timeline.mimeBundle()).containsKeys("text/plain", "text/html", "image/png",
        "image/svg+xml");
    assertThat(timeline.size(900, 500).view().width()).isEqualTo(900);
  }

  @Test
  void binLengthsAreRound() {
    assertThat(TimelineChart.binSeconds(1400)).isEqualTo(2.5);
    assertThat(TimelineChart.binSeconds(600)).isEqualTo(1.0);
    assertThat(TimelineChart.binSeconds(601)).isEqualTo(2.0);
    assertThat(TimelineChart.binSeconds(3)).isEqualTo(0.005);
    assertThat(TimelineChart.duration(2.5)).isEqualTo("2.5 s");
    assertThat(TimelineChart.duration(0.005)).isEqualTo("5 ms");
    assertThat(TimelineChart.duration(20)).isEqualTo("20 s");
  }
}
