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
 * <p>Cold and warm: each implementation first runs {@code --cold} times in a fresh JVM of its own
 * (one rep there: the first batch a new kernel runs; in these the per-process figures too: wall,
 * CPU of all threads, peak RSS), then {@code --reps} times in this JVM after {@link #WARMUP}
 * untimed reps. Every figure comes with the CPU time of all threads of the process (JIT and GC
 * included) per trial; in this JVM that is summed over the measured reps (the clock ticks are
 * 10 ms).
 *
 * <p>With {@code --python}, Python's {@code ProcessPoolExecutor.map} ({@code anchors.py}'s
 * {@code processpool-map}, chunksize 4096, pool start-up included) runs in the same run, warmed
 * alike: once in a fresh interpreter after each round of fresh JVMs (cold), and {@link #WARMUP}
 * + {@code --reps} times in one interpreter after the warm reps (the last {@code --reps} warm).
 *
 * <p>Run: {@code bin/bench overhead --python} (see README), which prints one line per
 * implementation with best and median µs per trial over the reps; {@code --cold 0} skips the
 * fresh JVMs, {@code --no-million} the 1M-trial batch.
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
    String child = Bench.stringArg(args, "--child", null);
    if (child != null) {
      coldChild(child, n, parallelism);
      return;
    }
    int cold = Bench.intArg(args, "--cold", 3);
    System.out.printf(Locale.ROOT, "overhead: %,d no-op 3-stage trials, parallelism %d, %d fresh "
        + "JVMs per implementation, then %d reps (+" + WARMUP + " warm-up) in one JVM, JDK %s, %d "
        + "cores, load average %s%n", n, parallelism, cold, reps, Runtime.version(),
        Runtime.getRuntime().availableProcessors(), Bench.loadAverage());
    String[] impls = {"trialbook", "trialbook-checkpoint", "executor"};
    String[] labels = {"trialbook", "trialbook + checkpoint (/tmp)", "executor-service (baseline)"};
    double[][] coldMicros = new double[impls.length][cold];
    double[][] coldCpu = new double[impls.length][cold];
    boolean python = Arrays.asList(args).contains("--python");
    String anchors = Bench.stringArg(args, "--anchors", "../shared/anchors");
    double[] pyCold = new double[cold];
    for (int c = 0; c < cold; c++) { // round-robin: drift on the machine spreads over all impls
      for (int i = 0; i < impls.length; i++) {
        Bench.ChildRun run = Bench.childJvm(List.of(), OverheadBenchmark.class, "--child",
            impls[i], "--n", Integer.toString(n), "--parallelism", Integer.toString(parallelism));
        String[] f = run.linesStarting("cold ").get(0).split(" ");
        coldMicros[i][c] = Double.parseDouble(f[2]);
        coldCpu[i][c] = Double.parseDouble(f[3]);
        System.out.printf(Locale.ROOT, "  fresh JVM %d %-22s %.3f µs/trial, CPU %.2f µs/trial | "
            + "process %.0f ms wall, %.0f ms CPU, %.0f MiB peak RSS%n", c + 1, impls[i],
            coldMicros[i][c], coldCpu[i][c], run.wallMillis(), run.cpuMillis(),
            run.peakRssKib() / 1024.0);
      }
      if (python) {
        Bench.ChildRun py = Bench.child(List.of("/usr/bin/python3", "-c",
            ColdStartBenchmark.pythonScript(anchors, n, parallelism, 4096, 1)));
        pyCold[c] = ColdStartBenchmark.field(py.linesStarting("{").get(0), "per_item_us");
        System.out.printf(Locale.ROOT, "  fresh python3 %d processpool-map     %.3f µs/trial, CPU %.2f "
            + "µs/trial (workers included)%n", c + 1, pyCold[c],
            ColdStartBenchmark.field(py.linesStarting("{").get(0), "cpu_us_per_item"));
      }
    }
    List<Integer> inputs = IntStream.range(0, n).boxed().toList();
    double[][] warm = new double[impls.length][reps];
    double[] warmCpuMillis = new double[impls.length];
    for (int r = -WARMUP; r < reps; r++) {
      for (int i = 0; i < impls.length; i++) {
        double cpu0 = Bench.processCpuMillis();
        double micros = run(impls[i], inputs, parallelism);
        if (r >= 0) {
          warm[i][r] = micros;
          warmCpuMillis[i] += Bench.processCpuMillis() - cpu0;
        }
      }
    }
    for (int i = 0; i < impls.length; i++) {
      if (cold > 0) {
        System.out.printf(Locale.ROOT, "%-30s cold µs/trial best %.3f median %.3f, CPU %.2f µs/trial"
            + " (median)%n", labels[i], Bench.min(coldMicros[i]), Bench.median(coldMicros[i]),
            Bench.median(coldCpu[i]));
      }
      report(labels[i], warm[i], n);
      System.out.printf(Locale.ROOT, "%-30s warm CPU (all threads) %.2f µs/trial%n", "",
          warmCpuMillis[i] * 1e3 / reps / n);
      if (i == 0) {
        System.out.printf(Locale.ROOT, "  (of which building the spec, ids included: %.3f µs/trial "
            + "in the last rep)%n", specBuildMicros / n);
      }
    }
    if (python) {
      Bench.ChildRun py = Bench.child(List.of("/usr/bin/python3", "-c",
          ColdStartBenchmark.pythonScript(anchors, n, parallelism, 4096, WARMUP + reps)));
      List<String> maps = py.linesStarting("{");
      double[] pyWarm = new double[reps];
      for (int r = 0; r < reps; r++) {
        pyWarm[r] = ColdStartBenchmark.field(maps.get(WARMUP + r), "per_item_us");
      }
      System.out.printf(Locale.ROOT, "%-30s cold µs/trial %s, warm %s (after %d in the same "
          + "interpreter)%n", "python processpool-map(4096)", cold > 0 ? Bench.bestMedian("%.3f",
          pyCold) : "-", Bench.bestMedian("%.3f", pyWarm), WARMUP);
      System.out.printf(Locale.ROOT, "ratio python/trialbook (median, >1: trialbook faster): warm "
          + "%.2fx%s%n", Bench.median(pyWarm) / (median(warm[0]) / n), cold > 0 ? String.format(
          Locale.ROOT, ", cold %.2fx", Bench.median(pyCold) / Bench.median(coldMicros[0])) : "");
    }
    System.out.printf(Locale.ROOT, "ratio executor/trialbook (median): warm %.1fx%s%n",
        median(warm[2]) / median(warm[0]), cold > 0 ? String.format(Locale.ROOT, ", cold %.1fx",
        Bench.median(coldMicros[2]) / Bench.median(coldMicros[0])) : "");
    if (!Arrays.asList(args).contains("--no-million")) {
      million(parallelism);
    }
    System.out.println("load average at the end " + Bench.loadAverage());
  }

  /** One rep of {@code impl}, in µs. */
  static double run(String impl, List<Integer> inputs, int parallelism) throws Exception {
    return switch (impl) {
      case "trialbook" -> trialbookRun(inputs, parallelism, null);
      case "trialbook-checkpoint" -> trialbookRun(inputs, parallelism,
          Files.createTempDirectory("trialbook-overhead"));
      case "executor" -> executorRun(inputs.size(), parallelism);
      default -> throw new IllegalArgumentException("impl " + impl);
    };
  }

  /** A fresh JVM's one rep of {@code impl}: {@code cold <impl> <µs/trial> <CPU µs/trial>}. */
  private static void coldChild(String impl, int n, int parallelism) throws Exception {
    List<Integer> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(i);
    }
    double cpu0 = Bench.processCpuMillis();
    double micros = run(impl, inputs, parallelism);
    double cpu = Bench.processCpuMillis() - cpu0;
    System.out.printf(Locale.ROOT, "cold %s %.4f %.3f%n", impl, micros / n, cpu * 1e3 / n);
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
    System.out.printf(Locale.ROOT, "%-30s warm µs/trial best %.3f median %.3f  (s best %.4f)%n",
        name, perTrial[0], perTrial[perTrial.length / 2], perTrial[0] * n / 1e6);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
