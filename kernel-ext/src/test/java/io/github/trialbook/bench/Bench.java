package io.github.trialbook.bench;

/** Small helpers shared by the benchmarks. */
final class Bench {
  private Bench() {}

  static String id(Integer i) {
    return Integer.toString(i);
  }
}
