package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The anchors' {@code overhead} workload: N no-op trials of 3 stages at parallelism 8, results
 * and progress collected as usual, pool start-up included. Baseline in the same run: a plain
 * {@code ExecutorService} with one future per trial (the Java twin of Python's
 * ThreadPoolExecutor). Also: the same batch checkpointed to a run directory under the system temp
 * dir (fsync every 1,000 records or 200 ms), 1,000,000 trials in one batch, and the heap each
 * kept record costs.
 *
 * <p>Run: {@code bin/bench overhead} (see README), which prints one line per implementation with
 * best and median µs per trial over the reps.
 */
public final class OverheadBenchmark {
  private OverheadBenchmark() {}

  static final Object OUT = "ok";
  /** Untimed reps first: the checkpointed path (Jackson, the writer) needs several to compile. */
  static final int WARMUP = 5;

  public static void main(String[] args) throws Exception {
    int n = Bench.intArg(args, "--n", 100_000);
    int reps = Bench.intArg(args, "--reps", 7);
    int parallelism = Bench.intArg(args, "--parallelism", 8);
    List<Integer> inputs = IntStream.range(0, n).boxed().toList();
    System.out.printf(Locale.ROOT, "overhead: %,d no-op 3-stage trials, parallelism %d, %d reps "
        + "(+" + WARMUP + " warm-up), JDK %s, %d cores%n", n, parallelism, reps, Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    double[] trialbook = new double[reps];
    double[] checkpointed = new double[reps];
    double[] executor = new double[reps];
    for (int r = -WARMUP; r < reps; r++) {
      double tb = trialbookRun(inputs, parallelism, null);
      Path dir = Files.createTempDirectory("trialbook-overhead");
      double cp = trialbookRun(inputs, parallelism, dir);
      double ex = executorRun(n, parallelism);
      if (r >= 0) {
        trialbook[r] = tb;
        checkpointed[r] = cp;
        executor[r] = ex;
      }
    }
    report("trialbook", trialbook, n);
    report("trialbook + checkpoint (/tmp)", checkpointed, n);
    System.out.printf(Locale.ROOT, "  (of which building the spec, ids included: %.3f µs/trial in "
        + "the last rep)%n", specBuildMicros / n);
    report("executor-service (baseline)", executor, n);
    System.out.printf(Locale.ROOT, "ratio executor/trialbook (median): %.1fx%n",
        median(executor) / median(trialbook));
    million(parallelism);
  }

  static double specBuildMicros;

  static double trialbookRun(List<Integer> inputs, int parallelism, Path runDir) {
    long start = System.nanoTime();
    BatchSpec<Integer> spec = spec("overhead", inputs, parallelism);
    if (runDir != null) {
      spec = spec.toBuilder().runDir(runDir).build();
    }
    specBuildMicros = (System.nanoTime() - start) / 1e3;
    BatchResult r = Trialbook.runBatch(spec);
    long elapsed = System.nanoTime() - start;
    if (r.ok() != inputs.size() || r.progress().doneStages() != 3L * inputs.size()) {
      throw new IllegalStateException("lost trials: " + r.progress());
    }
    return elapsed / 1e3;
  }

  static BatchSpec<Integer> spec(String name, List<Integer> inputs, int parallelism) {
    return Trialbook.batch(name, inputs, Bench::id)
        .configs(Config.of("A"))
        .stage("s1", t -> OUT)
        .stage("s2", t -> OUT)
        .stage("s3", t -> OUT)
        .parallelism(parallelism)
        .consoleProgress(false).noCheckpoint()
        .build();
  }

  static double executorRun(int n, int parallelism) throws Exception {
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(parallelism);
    List<Future<Object>> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      futures.add(pool.submit(() -> {
        Object a = OUT;
        Object b = a == null ? null : OUT;
        return b == null ? null : OUT;
      }));
    }
    List<Object> results = new ArrayList<>(n);
    long stages = 0;
    for (Future<Object> f : futures) {
      results.add(f.get());
      stages += 3;
    }
    pool.shutdown();
    long elapsed = System.nanoTime() - start;
    if (results.size() != n || stages != 3L * n) {
      throw new IllegalStateException();
    }
    return elapsed / 1e3;
  }

  /** 1M trials in one batch: wall time, and retained heap per record. */
  static void million(int parallelism) throws Exception {
    int n = 1_000_000;
    List<Integer> inputs = IntStream.range(0, n).boxed().toList();
    BatchSpec<Integer> spec = spec("million", inputs, parallelism);
    Trialbook.runBatch(spec("warm", inputs.subList(0, 200_000), parallelism));
    long before = usedHeapAfterGc();
    long start = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedHeapAfterGc();
    System.out.printf(Locale.ROOT, "1,000,000 trials: %.3f s (%.3f µs/trial); retained heap of "
        + "the result %.0f bytes/trial record%n", seconds, seconds * 1e6 / n,
        (after - before) / (double) n);
    if (r.records().size() != n) {
      throw new IllegalStateException();
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  static void report(String name, double[] micros, int n) {
    double[] perTrial = Arrays.stream(micros).map(m -> m / n).sorted().toArray();
    System.out.printf(Locale.ROOT, "%-30s µs/trial best %.3f median %.3f  (s best %.4f)%n", name,
        perTrial[0], perTrial[perTrial.length / 2], perTrial[0] * n / 1e6);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
