package io.github.trialbook.chart;

import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.eval.EvalArgumentException;
import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.FirstUse;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Renderable;
import java.awt.Color;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A per-worker timeline of a batch: one horizontal lane per worker (y = worker number, from 0 to
 * the highest worker in the records), one bar per trial from its start to its end (x = seconds
 * since the first trial's start), coloured by config, or by status with {@link #byStatus()}.
 * Trials that ended {@code failed} or {@code timeout} are also marked with a black cross at their
 * end, in the series {@value #FAILED_SERIES}. With {@link #stages()} each stage of a trial is its
 * own bar, laid end to end from the trial's start in stage order, coloured by stage name (or by
 * the stage's status with {@link #byStatus()}).
 *
 * <p>Large batches are binned, so a chart of 100,000 trials stays small and quick to draw: when
 * some lane would hold more than {@value #MAX_BINS} bars, every lane is cut into at most
 * {@value #MAX_BINS} bins of one round length (1, 2, 2.5 or 5 times a power of ten seconds); a
 * bin takes the colour of the config (status, stage) holding most of its busy time, a bin with
 * no busy time stays empty, neighbouring bins of one colour are drawn as one bar, and a bin with
 * a failure gets one cross. The title then says so, e.g. {@code "binned: 1 bar = 2.5 s"}.
 *
 * <pre>{@code
 * BatchResult r = Trialbook.runBatch(spec);
 * TimelineChart.of(r.records());                       // shows itself in a notebook cell
 * ChartView chart = TimelineChart.of(r.records()).byStatus().stages().size(1000, 500).view();
 * chart.savePng(Path.of("timeline.png"));
 * }</pre>
 *
 * <p>Only the records form exists: {@code BatchResult} lives in the root package, which this
 * package may not import (its arrows; the root uses the display, which uses the charts). Pass
 * {@code r.records()}.
 *
 * <p>Immutable: {@link #byStatus()}, {@link #stages()} and {@link #size} return a new chart. The
 * records are validated by {@link #of}; the chart is drawn on first use.
 */
public final class TimelineChart implements Renderable {
  static {
    FirstUse.ensure(); // in a notebook kernel: renderers registered, SLF4J quiet (jupyter.Kernels)
  }

  /** Name of the series that marks failed and timed-out trials. */
  public static final String FAILED_SERIES = "failed trials";
  /** Most bars (bins) one lane holds; more trials than this in a lane switch to bins. */
  public static final int MAX_BINS = 600;

  /** Half a bar's height, in lanes. */
  static final double HALF_BAR = 0.35;
  private static final Color FAILED_MARK = Color.BLACK;
  /** Fixed colours of statuses; other stage statuses (skipped, not run) in grey. */
  private static final Map<String, Color> STATUS_COLORS = Map.of(
      TrialStatus.OK.label(), TrialbookTheme.SERIES_COLORS[2],
      TrialStatus.FAILED.label(), TrialbookTheme.SERIES_COLORS[5],
      TrialStatus.TIMEOUT.label(), TrialbookTheme.SERIES_COLORS[1],
      TrialStatus.CANCELLED.label(), new Color(153, 153, 153));
  private static final String FIX = "pass the records of a batch, e.g. "
      + "TimelineChart.of(result.records())";

  private final List<TrialRecord> records;
  private final boolean byStatus;
  private final boolean stages;
  private final int width;
  private final int height;
  private volatile ChartView view;

  private TimelineChart(List<TrialRecord> records, boolean byStatus, boolean stages, int width,
      int height) {
    this.records = records;
    this.byStatus = byStatus;
    this.stages = stages;
    this.width = width;
    this.height = height;
  }

  /**
   * The timeline of {@code records} (e.g. {@code result.records()}), coloured by config.
   *
   * @throws EvalArgumentException if {@code records} is null or empty, holds a null record, or a
   *     record has a negative worker or latency
   */
  public static TimelineChart of(List<TrialRecord> records) {
    Checks.notNull(records, "records", FIX, EvalArgumentException::new);
    if (records.isEmpty()) {
      throw new EvalArgumentException("records cannot be empty: there is no trial to draw; "
          + FIX);
    }
    int lanes = 0;
    for (int i = 0; i < records.size(); i++) {
      TrialRecord t = Checks.notNull(records.get(i), "records[" + i + "]",
          "pass the records of a batch without nulls", EvalArgumentException::new);
      if (t.worker() < 0 || t.latencyNanos() < 0) {
        throw new EvalArgumentException("records[" + i + "] (" + t.key() + ") has "
            + (t.worker() < 0 ? "worker " + t.worker() + "; workers count from 0"
                : "latencyNanos " + t.latencyNanos() + "; latencies cannot be negative")
            + "; " + FIX);
      }
      lanes = Math.max(lanes, t.worker() + 1);
    }
    return new TimelineChart(List.copyOf(records), false, false, ChartView.WIDTH,
        Math.min(2400, Math.max(ChartView.HEIGHT, 120 + 18 * lanes)));
  }

  /** The same timeline coloured by status: the trial's, or with {@link #stages()} the stage's. */
  public TimelineChart byStatus() {
    return new TimelineChart(records, true, stages, width, height);
  }

  /** The same timeline with one bar per stage that ran, coloured by stage name (or status). */
  public TimelineChart stages() {
    return new TimelineChart(records, byStatus, true, width, height);
  }

  /** The same timeline at another size (50 to 10000 pixels each way). */
  public TimelineChart size(int width, int height) {
    TimelineChart sized = new TimelineChart(records, byStatus, stages, width, height);
    sized.view(); // a bad size fails here, not when the chart is shown
    return sized;
  }

  /** The chart, for its series, point counts, files and restyling. */
  public ChartView view() {
    ChartView v = view;
    if (v == null) {
      v = Layout.of(records, byStatus, stages).draw(width, height);
      view = v;
    }
    return v;
  }

  @Override
  public String toText() {
    return PlainText.escape(view().toText()); // escaped by the view already; idempotent
  }

  @Override
  public String toHtml() {
    return view().toHtml();
  }

  @Override
  public byte[] toPng() {
    return view().toPng();
  }

  @Override
  public String toSvg() {
    return view().toSvg();
  }

  @Override
  public String toString() {
    return toText();
  }

  /** Bars by colour class and failure marks, in seconds since the first start, ready to draw. */
  private static final class Layout {
    final String title;
    final String by;
    final int lanes;
    final double span;
    /** Class name to {x, y} polygon outlines, four corners and a NaN break per bar. */
    final Map<String, double[][]> bars = new LinkedHashMap<>();
    final Map<String, Color> colors = new LinkedHashMap<>();
    final Map<String, String> items = new LinkedHashMap<>();
    double[] failX = new double[0];
    double[] failY = new double[0];

    private Layout(String title, String by, int lanes, double span) {
      this.title = title;
      this.by = by;
      this.lanes = lanes;
      this.span = span;
    }

    static Layout of(List<TrialRecord> records, boolean byStatus, boolean stages) {
      long first = Long.MAX_VALUE;
      int lanes = 0;
      for (TrialRecord t : records) {
        first = Math.min(first, t.startedAtMillis());
        lanes = Math.max(lanes, t.worker() + 1);
      }
      Segments seg = new Segments(records, first, byStatus, stages);
      int[] perLane = new int[lanes];
      for (int i = 0; i < seg.size; i++) {
        perLane[seg.lane[i]]++;
      }
      boolean binned = Arrays.stream(perLane).anyMatch(n -> n > MAX_BINS);
      double binSeconds = binned ? binSeconds(seg.span) : 0;
      String by = byStatus ? (stages ? "stage status" : "status") : stages ? "stage" : "config";
      String title = "Trial timeline by " + by + (binned ? " (binned: 1 bar = "
          + duration(binSeconds) + ")" : "");
      Layout layout = new Layout(title, by, lanes, seg.span);
      for (int c = 0; c < seg.classes.size(); c++) {
        String name = seg.classes.get(c);
        layout.colors.put(name, byStatus ? STATUS_COLORS.getOrDefault(name, Color.GRAY)
            : TrialbookTheme.SERIES_COLORS[c % (TrialbookTheme.SERIES_COLORS.length - 1)]);
      }
      if (binned) {
        layout.binned(seg, records, first, binSeconds);
      } else {
        layout.exact(seg, records, first);
      }
      return layout;
    }

    /** One bar per segment, one cross per failed trial at its end. */
    private void exact(Segments seg, List<TrialRecord> records, long first) {
      Bars[] out = new Bars[seg.classes.size()];
      for (int i = 0; i < seg.size; i++) {
        Bars b = out[seg.cls[i]] == null ? out[seg.cls[i]] = new Bars() : out[seg.cls[i]];
        b.add(seg.start[i], seg.end[i], seg.lane[i]);
      }
      List<double[]> marks = new ArrayList<>();
      int failed = 0;
      for (TrialRecord t : records) {
        if (failed(t)) {
          failed++;
          marks.add(new double[] {end(t, first), t.worker()});
        }
      }
      put(seg, out);
      marks(marks, ChartView.counted(failed, "trial"));
    }

    /**
     * Every lane cut into bins of {@code width} seconds: a bin's colour is the class with the
     * most busy time in it; idle bins stay empty; runs of one colour are one bar.
     */
    private void binned(Segments seg, List<TrialRecord> records, long first, double width) {
      int bins = Math.max(1, (int) Math.ceil(seg.span / width));
      int classes = seg.classes.size();
      int[][] byLane = seg.byLane(lanes);
      Bars[] out = new Bars[classes];
      double[][] busy = new double[bins][classes];
      for (int lane = 0; lane < lanes; lane++) {
        for (double[] row : busy) {
          Arrays.fill(row, 0);
        }
        for (int i : byLane[lane]) {
          double s = seg.start[i];
          double e = seg.end[i];
          int from = Math.min(bins - 1, (int) (s / width));
          int to = Math.min(bins - 1, (int) (e / width));
          if (e <= s) {
            busy[from][seg.cls[i]] += 1e-12; // an instant trial still shows
            continue;
          }
          for (int b = from; b <= to; b++) {
            double overlap = Math.min(e, (b + 1) * width) - Math.max(s, b * width);
            if (overlap > 0) {
              busy[b][seg.cls[i]] += overlap;
            }
          }
        }
        int runClass = -1;
        int runStart = 0;
        for (int b = 0; b <= bins; b++) {
          int c = b == bins ? -1 : top(busy[b]);
          if (c != runClass) {
            if (runClass >= 0) {
              Bars bars = out[runClass] == null ? out[runClass] = new Bars() : out[runClass];
              bars.add(runStart * width, Math.min(seg.span, b * width), lane);
            }
            runClass = c;
            runStart = b;
          }
        }
      }
      boolean[][] failedBins = new boolean[lanes][bins];
      List<double[]> marks = new ArrayList<>();
      int failed = 0;
      for (TrialRecord t : records) {
        if (failed(t)) {
          failed++;
          int b = Math.min(bins - 1, (int) (end(t, first) / width));
          if (!failedBins[t.worker()][b]) {
            failedBins[t.worker()][b] = true;
            marks.add(new double[] {Math.min(seg.span, (b + 0.5) * width), t.worker()});
          }
        }
      }
      put(seg, out);
      marks(marks, ChartView.counted(failed, "trial") + " in "
          + ChartView.counted(marks.size(), "bin"));
    }

    private void put(Segments seg, Bars[] out) {
      for (int c = 0; c < out.length; c++) {
        if (out[c] != null) {
          String name = seg.classes.get(c);
          if (name.equals(FAILED_SERIES)) { // a config so named: series names must differ
            colors.put(name + " (" + by + ")", colors.get(name));
            name += " (" + by + ")";
          }
          bars.put(name, out[c].outline());
          items.put(name, ChartView.counted(out[c].count, "bar"));
        }
      }
      colors.keySet().retainAll(bars.keySet());
    }

    private void marks(List<double[]> marks, String item) {
      failX = marks.stream().mapToDouble(m -> m[0]).toArray();
      failY = marks.stream().mapToDouble(m -> m[1]).toArray();
      if (!marks.isEmpty()) {
        items.put(FAILED_SERIES, item);
      }
    }

    ChartView draw(int w, int h) {
      String xTitle = "Seconds since the first trial start";
      return new ChartView((cw, ch) -> {
        XYChart chart = Charts.xy(cw, ch, title, xTitle, "Worker");
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(span > 0 ? span : 1.0)
            .setYAxisMin(-0.5).setYAxisMax(lanes - 0.5).setMarkerSize(9);
        chart.getStyler().setYAxisTickMarkSpacingHint(Math.max(20, (ch - 120) / lanes));
        // XChart drops every tick label when two are equal, so ticks between lanes get
        // distinct invisible labels (zero-width spaces), as in MetricBarChart.
        chart.setCustomYAxisTickLabelsFormatter(y -> {
          long k = Math.round(y);
          return Math.abs(y - k) < 1e-9 && k >= 0 && k < lanes ? String.valueOf(k)
              : "\u200B".repeat(1 + (int) Math.max(0, Math.round(y * 4) + 8));
        });
        bars.forEach((name, xy) -> {
          XYSeries s = chart.addSeries(name, xy[0], xy[1]);
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
          s.setMarker(SeriesMarkers.NONE);
          s.setLineWidth(0.5f);
          s.setLineColor(colors.get(name));
          s.setFillColor(colors.get(name));
        });
        if (failX.length > 0) {
          XYSeries s = chart.addSeries(FAILED_SERIES, failX, failY);
          s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
          s.setMarker(SeriesMarkers.CROSS);
          s.setMarkerColor(FAILED_MARK);
        }
        return chart;
      }, w, h, items);
    }

    /** The class with the most busy time in a bin, or -1 when the bin is idle. */
    private static int top(double[] busy) {
      int best = -1;
      for (int c = 0; c < busy.length; c++) {
        if (busy[c] > 0 && (best < 0 || busy[c] > busy[best])) {
          best = c;
        }
      }
      return best;
    }
  }

  /** Every bar to draw: lane, class, start and end in seconds since the first start. */
  private static final class Segments {
    final List<String> classes = new ArrayList<>();
    private final Map<String, Integer> index = new LinkedHashMap<>();
    int size;
    int[] lane = new int[16];
    int[] cls = new int[16];
    double[] start = new double[16];
    double[] end = new double[16];
    double span;

    Segments(List<TrialRecord> records, long first, boolean byStatus, boolean stages) {
      if (byStatus && !stages) {
        for (TrialStatus s : TrialStatus.values()) {
          index.put(s.label(), index.size());
        }
      } else if (!byStatus && !stages) {
        TreeSet<String> configs = new TreeSet<>();
        records.forEach(t -> configs.add(String.valueOf(t.config())));
        configs.forEach(c -> index.put(c, index.size()));
      } else if (byStatus) {
        for (StageStatus s : StageStatus.values()) {
          index.put(s.label(), index.size());
        }
      }
      for (TrialRecord t : records) {
        double s = (t.startedAtMillis() - first) / 1000.0;
        span = Math.max(span, end(t, first));
        if (!stages) {
          add(t.worker(), byStatus ? t.status().label() : String.valueOf(t.config()), s,
              end(t, first));
          continue;
        }
        double at = s;
        for (int i = 0; i < t.stageCount(); i++) {
          double d = t.stageNanos(i) / 1e9;
          if (d > 0) {
            add(t.worker(), byStatus ? t.stageStatus(i).label()
                : String.valueOf(t.stageNames().get(i)), at, at + d);
            span = Math.max(span, at + d);
          }
          at += d;
        }
      }
      classes.addAll(index.keySet());
    }

    private void add(int worker, String name, double s, double e) {
      if (size == lane.length) {
        lane = Arrays.copyOf(lane, size * 2);
        cls = Arrays.copyOf(cls, size * 2);
        start = Arrays.copyOf(start, size * 2);
        end = Arrays.copyOf(end, size * 2);
      }
      lane[size] = worker;
      cls[size] = index.computeIfAbsent(name, k -> index.size());
      start[size] = s;
      end[size] = e;
      size++;
    }

    /** Segment indices per lane. */
    int[][] byLane(int lanes) {
      int[] counts = new int[lanes];
      for (int i = 0; i < size; i++) {
        counts[lane[i]]++;
      }
      int[][] out = new int[lanes][];
      for (int l = 0; l < lanes; l++) {
        out[l] = new int[counts[l]];
        counts[l] = 0;
      }
      for (int i = 0; i < size; i++) {
        out[lane[i]][counts[lane[i]]++] = i;
      }
      return out;
    }
  }

  /** Bars of one class as polygon outlines: four corners and a NaN break each. */
  private static final class Bars {
    int count;
    private double[] x = new double[5 * 16];
    private double[] y = new double[5 * 16];

    void add(double s, double e, int lane) {
      if (5 * count + 5 > x.length) {
        x = Arrays.copyOf(x, x.length * 2);
        y = Arrays.copyOf(y, y.length * 2);
      }
      int p = 5 * count;
      double lo = lane - HALF_BAR;
      double hi = lane + HALF_BAR;
      x[p] = s;
      y[p] = lo;
      x[p + 1] = s;
      y[p + 1] = hi;
      x[p + 2] = e;
      y[p + 2] = hi;
      x[p + 3] = e;
      y[p + 3] = lo;
      x[p + 4] = e;
      y[p + 4] = Double.NaN;
      count++;
    }

    double[][] outline() {
      return new double[][] {Arrays.copyOf(x, 5 * count), Arrays.copyOf(y, 5 * count)};
    }
  }

  private static boolean failed(TrialRecord t) {
    return t.status() == TrialStatus.FAILED || t.status() == TrialStatus.TIMEOUT;
  }

  private static double end(TrialRecord t, long first) {
    return (t.startedAtMillis() - first) / 1000.0 + t.latencyNanos() / 1e9;
  }

  /** The smallest of 1, 2, 2.5 and 5 times a power of ten seconds that fits the span in bins. */
  static double binSeconds(double span) {
    double rough = Math.max(span, 1e-6) / MAX_BINS;
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= rough * (1 - 1e-9)) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /** {@code 2.5 s}, {@code 50 ms}, {@code 200 µs}. */
  static String duration(double seconds) {
    if (seconds >= 1) {
      return plain(seconds) + " s";
    }
    return seconds >= 1e-3 ? plain(seconds * 1e3) + " ms" : plain(seconds * 1e6) + " µs";
  }

  private static String plain(double v) {
    return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros()
        .toPlainString();
  }
}
