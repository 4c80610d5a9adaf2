package io.github.trialbook.spark;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code bin/bench spark [--trials 100000] [--micros 1000] [--reps 3] [--partition 256]}:
 * CPU-bound trials (a spin of {@code micros}) on {@code local-cluster[2,1,1024]} through
 * SparkRunner, through the local engine at parallelism 2, and through Spark's own
 * {@code mapPartitions} over the same partitions with no Trialbook (the baseline). After a
 * warm-up of each at a tenth of the trials, the three run {@code reps} times, in turn; prints
 * each one's best and median wall time, the overhead per trial against plain Spark and the
 * throughput ratios (best against best, median against median), with the load average before
 * and after (the machine may be shared). JDK 17, 2 cores here.
 */
public final class SparkBenchmark {
  private SparkBenchmark() {}

  /** The work of one trial: spins about {@code micros} of CPU. */
  static long spin(long micros) {
    long end = System.nanoTime() + micros * 1000;
    long n = 0;
    while (System.nanoTime() < end) {
      n++;
    }
    return n;
  }

  public static void main(String[] args) throws Exception {
    int trials = 100_000;
    long micros = 1000;
    int reps = 3;
    int partition = SparkRunner.DEFAULT_PARTITION_SIZE;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[++i]);
        case "--micros" -> micros = Long.parseLong(args[++i]);
        case "--reps" -> reps = Integer.parseInt(args[++i]);
        case "--partition" -> partition = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --trials N --micros M --reps R --partition P");
      }
    }
    String loadBefore = load();
    SparkSession spark = TestCluster.start("local-cluster[2,1,1024]");
    Path tmp = Files.createTempDirectory("trialbook-bench-spark");
    int warm = Math.max(1000, trials / 10);
    run(spark, tmp.resolve("warm"), warm, micros, partition);
    List<double[]> times = new ArrayList<>();
    for (int r = 0; r < reps; r++) {
      double[] t = run(spark, tmp.resolve("rep" + r), trials, micros, partition);
      System.out.printf(Locale.ROOT, "rep %d: local %.2f s, SparkRunner %.2f s, plain Spark %.2f s%n",
          r + 1, t[0], t[1], t[2]);
      times.add(t);
    }
    double[] best = new double[3];
    double[] median = new double[3];
    for (int m = 0; m < 3; m++) {
      final int mode = m;
      double[] sorted = times.stream().mapToDouble(t -> t[mode]).sorted().toArray();
      best[m] = sorted[0];
      median[m] = sorted[sorted.length / 2];
    }
    System.out.printf(Locale.ROOT, "%d trials of %d µs on %s (2 executors, 1 core each), partitions of "
        + "%d, %d reps; load average before %s, after %s%n", trials, micros,
        spark.sparkContext().master(), partition, reps, loadBefore, load());
    System.out.printf(Locale.ROOT, "local engine, parallelism 2: best %.2f s, median %.2f s%n",
        best[0], median[0]);
    System.out.printf(Locale.ROOT, "SparkRunner:                 best %.2f s, median %.2f s%n",
        best[1], median[1]);
    System.out.printf(Locale.ROOT, "plain Spark mapPartitions:   best %.2f s, median %.2f s%n",
        best[2], median[2]);
    System.out.printf(Locale.ROOT, "overhead per trial vs plain Spark: best %.1f µs, median %.1f µs "
        + "of wall time%n", (best[1] - best[2]) * 1e6 / trials,
        (median[1] - median[2]) * 1e6 / trials);
    System.out.printf(Locale.ROOT, "ratio SparkRunner/plain Spark (throughput): best %.3f, median %.3f%n",
        best[2] / best[1], median[2] / median[1]);
    System.out.printf(Locale.ROOT, "ratio SparkRunner/local engine (throughput): best %.3f, median %.3f%n",
        best[0] / best[1], median[0] / median[1]);
    spark.stop();
  }

  private static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  /** CPU seconds so far of this JVM and of its descendants (the executor JVMs), from /proc. */
  private static double[] cpu() {
    double self = cpuOf(ProcessHandle.current().pid());
    double children = ProcessHandle.current().descendants().mapToDouble(p -> cpuOf(p.pid())).sum();
    return new double[] {self, children};
  }

  private static double cpuOf(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime, stime in ticks
    } catch (java.io.IOException | RuntimeException e) {
      return 0;
    }
  }

  /** Seconds of: the local engine, SparkRunner, plain mapPartitions. */
  private static double[] run(SparkSession spark, Path dir, int trials, long micros, int partition) {
    List<Integer> inputs = IntStream.range(0, trials).boxed().toList();
    BatchSpec.Builder<Integer> spec = BatchSpec.builder("bench", inputs, i -> "t" + i)
        .stage("spin", t -> spin(micros))
        .consoleProgress(false);
    double[] c0 = cpu();
    long t0 = System.nanoTime();
    BatchResult local = Trialbook.runBatch(spec.parallelism(2).runDir(dir.resolve("local"))
        .build());
    long t1 = System.nanoTime();
    double[] c1 = cpu();
    BatchResult onSpark = SparkRunner.on(spark).partitionSize(partition)
        .runBatch(spec.runDir(dir.resolve("spark")).build());
    long t2 = System.nanoTime();
    double[] c2 = cpu();
    int partitions = (trials + partition - 1) / partition;
    List<Long> sums = new JavaSparkContext(spark.sparkContext())
        .parallelize(new ArrayList<>(inputs), partitions)
        .mapPartitions(it -> {
          long sum = 0;
          while (it.hasNext()) {
            it.next();
            sum += spin(micros);
          }
          return List.of(sum).iterator();
        }).collect();
    long t3 = System.nanoTime();
    double[] c3 = cpu();
    System.out.printf(Locale.ROOT, "  CPU s (driver, executors): local %.1f; SparkRunner %.1f, %.1f; "
        + "plain Spark %.1f, %.1f%n", c1[0] - c0[0], c2[0] - c1[0], c2[1] - c1[1], c3[0] - c2[0],
        c3[1] - c2[1]);
    if (local.ok() != trials || onSpark.ok() != trials || sums.size() != partitions) {
      throw new IllegalStateException("not every trial ran: local " + local.ok() + ", spark "
          + onSpark.ok() + " of " + trials);
    }
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
  }
}
