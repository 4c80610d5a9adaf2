package io.github.trialbook.endpoint;

import java.util.Arrays;

/** The latest latencies of one endpoint, for p50/p95. Not thread-safe: used under the pool lock. */
final class LatencyWindow {
  private final long[] nanos;
  private int next;
  private int size;

  LatencyWindow(int capacity) {
    nanos = new long[capacity];
  }

  void add(long latencyNanos) {
    nanos[next] = latencyNanos;
    next = (next + 1) % nanos.length;
    size = Math.min(size + 1, nanos.length);
  }

  /** The given quantiles (each in [0, 1]) in milliseconds, nearest rank; NaN with no samples. */
  double[] quantilesMillis(double... qs) {
    double[] out = new double[qs.length];
    if (size == 0) {
      Arrays.fill(out, Double.NaN);
      return out;
    }
    long[] sorted = Arrays.copyOf(nanos, size);
    Arrays.sort(sorted);
    for (int i = 0; i < qs.length; i++) {
      int rank = (int) Math.ceil(qs[i] * size);
      out[i] = sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }
    return out;
  }
}
