package io.github.trialbook.bench;

import java.util.Arrays;
import java.util.function.IntSupplier;

/** Small helpers shared by the benchmarks. */
final class Bench {
  private Bench() {}

  static String id(Integer i) {
    return Integer.toString(i);
  }

  /** The value after {@code name} in {@code args} ({@code --n 2000}), or {@code fallback}. */
  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** The integer after {@code name} in {@code args}, or {@code fallback}. */
  static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
  }

  /**
   * The median milliseconds of {@code measured} runs of {@code work} after {@code warmup} untimed
   * ones; the results are summed so the JIT cannot drop the work.
   */
  static double medianMillis(int warmup, int measured, IntSupplier work) {
    long sink = 0;
    for (int i = 0; i < warmup; i++) {
      sink += work.getAsInt();
    }
    double[] ms = new double[measured];
    for (int i = 0; i < measured; i++) {
      long t0 = System.nanoTime();
      sink += work.getAsInt();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    if (sink == 42) {
      System.out.println();
    }
    Arrays.sort(ms);
    return ms[measured / 2];
  }
}
