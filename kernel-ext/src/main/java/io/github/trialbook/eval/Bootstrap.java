package io.github.trialbook.eval;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * Percentile bootstrap confidence intervals: resample the items with replacement, recompute the
 * metric, take the (1 − confidence)/2 and (1 + confidence)/2 percentiles (numpy's linear
 * interpolation). Each resample draws from its own generator, seeded from {@code seed} and its
 * index only, so results are identical whatever the number of cores or the scheduling.
 *
 * <pre>{@code
 * Bootstrap boot = Bootstrap.builder().resamples(1000).seed(42).confidence(0.95).build();
 * ClassificationReport withCi = Metrics.classification(table, "label", "final.prediction")
 *     .by("config").confidenceIntervals(boot);
 * Bootstrap.Interval mean = boot.interval(latencies.length, idx -> meanOf(latencies, idx));
 * }</pre>
 *
 * <p>Immutable and thread-safe. Resamples run in parallel on the common fork-join pool.
 */
public final class Bootstrap {
  private final int resamples;
  private final long seed;
  private final double confidence;
  private final boolean parallel;

  private Bootstrap(Builder b) {
    this.resamples = b.resamples;
    this.seed = b.seed;
    this.confidence = b.confidence;
    this.parallel = b.parallel;
  }

  /** 1,000 resamples, seed 0, 95 % confidence, parallel. */
  public static Bootstrap ofDefaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public int resamples() {
    return resamples;
  }

  public long seed() {
    return seed;
  }

  public double confidence() {
    return confidence;
  }

  /** A point estimate with its percentile interval. */
  public record Interval(double estimate, double lower, double upper, double confidence,
      int resamples) {
    public boolean contains(double value) {
      return value >= lower && value <= upper;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.4f [%.4f, %.4f] (%.0f%%, %d resamples)", estimate,
          lower, upper, confidence * 100, resamples);
    }
  }

  /**
   * The interval of any metric of {@code n} items: {@code metric} receives the item indices of one
   * resample (the identity 0..n−1 for the point estimate) and must not keep the array.
   */
  public Interval interval(int n, ToDoubleFunction<int[]> metric) {
    if (n < 1) {
      throw new EvalArgumentException("n must be at least 1 (was " + n + "); pass the item count");
    }
    int[] identity = IntStream.range(0, n).toArray();
    double estimate = metric.applyAsDouble(identity);
    ThreadLocal<int[]> buffers = ThreadLocal.withInitial(() -> new int[n]);
    double[] bounds = intervals(1, (rng, out) -> {
      int[] idx = buffers.get();
      for (int i = 0; i < n; i++) {
        idx[i] = rng.nextInt(n);
      }
      out[0] = metric.applyAsDouble(idx);
    })[0];
    return new Interval(estimate, bounds[0], bounds[1], confidence, resamples);
  }

  /** One resample: draw with {@code rng}, write {@code width} metric values to {@code out}. */
  interface Resample {
    void draw(SplittableRandom rng, double[] out);
  }

  /** Runs every resample; row r holds resample r's values. */
  private double[][] run(int width, Resample resample) {
    long[] seeds = new long[resamples];
    SplittableRandom root = new SplittableRandom(seed);
    for (int r = 0; r < resamples; r++) {
      seeds[r] = root.nextLong();
    }
    double[][] out = new double[resamples][width];
    IntStream range = IntStream.range(0, resamples);
    (parallel ? range.parallel() : range)
        .forEach(r -> resample.draw(new SplittableRandom(seeds[r]), out[r]));
    return out;
  }

  /**
   * The percentile bounds {lower, upper} of each of the {@code width} values {@code resample}
   * writes, over all resamples: the one interval computation of every metric.
   */
  double[][] intervals(int width, Resample resample) {
    double[][] draws = run(width, resample);
    double[][] bounds = new double[width][];
    for (int k = 0; k < width; k++) {
      bounds[k] = bounds(column(draws, k));
    }
    return bounds;
  }

  /** Metrics of one resample from the counts of the cells it drew. */
  interface CellMetric {
    void compute(int[] counts, double[] out);
  }

  /**
   * {@link #intervals} of items that each fall into one of {@code cellCount} cells (such as a
   * truth × prediction pair): {@code cells} holds each item's cell, a resample is one random read
   * and one increment per item, and {@code metric} reads only the counts, not the items.
   */
  double[][] cellIntervals(int[] cells, int cellCount, int width, CellMetric metric) {
    int m = cells.length;
    ThreadLocal<int[]> scratch = ThreadLocal.withInitial(() -> new int[cellCount]);
    return intervals(width, (rng, out) -> {
      int[] counts = scratch.get();
      Arrays.fill(counts, 0);
      for (int j = 0; j < m; j++) {
        counts[cells[rng.nextInt(m)]]++;
      }
      metric.compute(counts, out);
    });
  }

  private static double[] column(double[][] matrix, int c) {
    double[] col = new double[matrix.length];
    for (int r = 0; r < matrix.length; r++) {
      col[r] = matrix[r][c];
    }
    return col;
  }

  /** Lower and upper percentile bounds; NaN resamples (undefined metric) are left out. */
  private double[] bounds(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = 0;
    while (m < sorted.length && !Double.isNaN(sorted[m])) {
      m++;
    }
    if (m == 0) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double alpha = (1 - confidence) / 2;
    return new double[] {percentile(sorted, m, alpha), percentile(sorted, m, 1 - alpha)};
  }

  /** numpy's default ("linear") percentile of the first {@code m} sorted values. */
  static double percentile(double[] sorted, int m, double q) {
    double pos = q * (m - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(lo + 1, m - 1);
    double frac = pos - lo;
    return sorted[lo] + (sorted[hi] - sorted[lo]) * frac;
  }

  /** Settings for {@link Bootstrap}. */
  public static final class Builder {
    private int resamples = 1000;
    private long seed;
    private double confidence = 0.95;
    private boolean parallel = true;

    private Builder() {}

    /** Number of resamples, at least 10 (default 1,000). */
    public Builder resamples(int resamples) {
      if (resamples < 10) {
        throw new EvalArgumentException("resamples must be at least 10 (was " + resamples
            + "); use 1000 or more for a 95% interval");
      }
      this.resamples = resamples;
      return this;
    }

    /** Seed of the resampling; the same seed gives the same interval (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Confidence level in (0, 1), default 0.95. */
    public Builder confidence(double confidence) {
      if (!(confidence > 0 && confidence < 1)) {
        throw new EvalArgumentException(String.format(Locale.ROOT,
            "confidence must be between 0 and 1, exclusive (was %s); e.g. 0.95", confidence));
      }
      this.confidence = confidence;
      return this;
    }

    /** Whether resamples run on all cores (default true); results are identical either way. */
    public Builder parallel(boolean parallel) {
      this.parallel = parallel;
      return this;
    }

    public Bootstrap build() {
      return new Bootstrap(this);
    }
  }
}
