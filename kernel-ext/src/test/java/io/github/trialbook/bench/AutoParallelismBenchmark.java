package io.github.trialbook.bench;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Parallelism;
import io.github.trialbook.batch.StageFunction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code Parallelism.auto()} against the best fixed parallelism found by sweeping 1…256, on a
 * CPU-bound stage (~0.2 ms of arithmetic) and an I/O-bound one (sleep 20 ms). Each fixed count
 * runs a batch sized to about a second; auto runs one long batch and its throughput is taken
 * after the first 10 % of the trials (the target: ≥ 0.9 × the best fixed count's, reached
 * within that first 10 %). Progress is sampled every 20 ms.
 *
 * <p>Run: {@code bin/bench autoParallelism [--io-trials 100000] [--cpu-trials 40000]}
 */
public final class AutoParallelismBenchmark {
  private AutoParallelismBenchmark() {}

  static volatile double sink;

  public static void main(String[] args) throws Exception {
    int ioTrials = Bench.intArg(args, "--io-trials", 100_000);
    int cpuTrials = Bench.intArg(args, "--cpu-trials", 40_000);
    System.out.printf(Locale.ROOT, "auto parallelism: %d cores, JDK %s%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version());
    compare("cpu (0.2 ms arithmetic)", t -> spin(t.input()), cpuTrials, p -> 4000);
    compare("io (sleep 20 ms)", t -> {
      Thread.sleep(20);
      return t.input();
    }, ioTrials, p -> Math.max(100, 60 * p));
  }

  private static void compare(String name, StageFunction<Integer> stage, int autoTrials,
      java.util.function.IntUnaryOperator sweepTrials) throws Exception {
    double best = 0;
    int bestP = 0;
    StringBuilder sweep = new StringBuilder();
    for (int p = 1; p <= 256; p *= 2) {
      int n = sweepTrials.applyAsInt(p);
      long t0 = System.nanoTime();
      Trialbook.runBatch(spec(stage, n, Parallelism.fixed(p)));
      double rate = n / ((System.nanoTime() - t0) / 1e9);
      sweep.append(String.format(Locale.ROOT, " p%d %.0f", p, rate));
      if (rate > best) {
        best = rate;
        bestP = p;
      }
    }
    BatchHandle h = Trialbook.startBatch(spec(stage, autoTrials, Parallelism.auto()));
    List<long[]> samples = new ArrayList<>();
    long start = System.nanoTime();
    while (!h.isDone()) {
      samples.add(new long[] {System.nanoTime(), h.progress().doneTrials()});
      Thread.sleep(20);
    }
    var r = h.await();
    long end = System.nanoTime();
    long tenth = autoTrials / 10;
    long[] at = samples.stream().filter(s -> s[1] >= tenth).findFirst()
        .orElse(new long[] {start, 0});
    double after = (autoTrials - at[1]) / ((end - at[0]) / 1e9);
    double whole = autoTrials / ((end - start) / 1e9);
    System.out.printf(Locale.ROOT, "%s%n  fixed sweep (trials/s):%s%n  best fixed p = %d: %.0f "
        + "trials/s%n  auto: %.0f trials/s after the first 10 %% (%.3f × best), %.0f over the "
        + "whole batch (%.3f ×); first 10 %% took %.2f s; %s%n", name, sweep, bestP, best, after,
        after / best, whole, whole / best, (at[0] - start) / 1e9, r.progress().workers());
  }

  private static io.github.trialbook.batch.BatchSpec<Integer> spec(StageFunction<Integer> stage,
      int n, Parallelism p) {
    return Trialbook.batch("auto", IntStream.range(0, n).boxed().toList(), Bench::id)
        .stage("s", stage).parallelism(p).noCheckpoint().consoleProgress(false).build();
  }

  private static Object spin(int seed) {
    double x = seed;
    for (int i = 0; i < 12_000; i++) {
      x = Math.sin(x) + 1.0001;
    }
    sink = x;
    return seed;
  }
}
