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
 * {@code bin/bench spark [--trials 100000] [--micros 1000]}: CPU-bound trials (a spin of
 * {@code micros}) on {@code local-cluster[2,1,1024]} through SparkRunner, through the local
 * engine at parallelism 2, and through Spark's own {@code mapPartitions} over the same
 * partitions with no Trialbook. Prints wall times, the overhead per trial against plain Spark
 * and the ratios. Each is run once after a warm-up of a tenth of the trials.
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
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--trials" -> trials = Integer.parseInt(args[++i]);
        case "--micros" -> micros = Long.parseLong(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; use --trials N --micros M");
      }
    }
    SparkSession spark = TestCluster.start("local-cluster[2,1,1024]");
    Path tmp = Files.createTempDirectory("trialbook-bench-spark");
    int warm = Math.max(1000, trials / 10);
    run(spark, tmp.resolve("warm"), warm, micros);
    double[] t = run(spark, tmp.resolve("measured"), trials, micros);
    double overheadMicros = (t[1] - t[2]) * 1e6 / trials;
    System.out.printf(Locale.ROOT, "%d trials of %d µs on %s (2 executors, 1 core each)%n",
        trials, micros, spark.sparkContext().master());
    System.out.printf(Locale.ROOT, "local engine, parallelism 2: %.2f s%n", t[0]);
    System.out.printf(Locale.ROOT, "SparkRunner:                 %.2f s%n", t[1]);
    System.out.printf(Locale.ROOT, "plain Spark mapPartitions:   %.2f s%n", t[2]);
    System.out.printf(Locale.ROOT, "overhead per trial vs plain Spark: %.1f µs wall (%.1f µs of "
        + "executor time per trial over 2 cores)%n", overheadMicros, overheadMicros * 2);
    System.out.printf(Locale.ROOT, "ratio SparkRunner/plain Spark (throughput): %.3f%n",
        t[2] / t[1]);
    System.out.printf(Locale.ROOT, "ratio SparkRunner/local engine (throughput): %.3f%n",
        t[0] / t[1]);
    spark.stop();
  }

  /** Seconds of: the local engine, SparkRunner, plain mapPartitions. */
  private static double[] run(SparkSession spark, Path dir, int trials, long micros) {
    List<Integer> inputs = IntStream.range(0, trials).boxed().toList();
    BatchSpec.Builder<Integer> spec = BatchSpec.builder("bench", inputs, i -> "t" + i)
        .stage("spin", t -> spin(micros))
        .consoleProgress(false);
    long t0 = System.nanoTime();
    BatchResult local = Trialbook.runBatch(spec.parallelism(2).runDir(dir.resolve("local"))
        .build());
    long t1 = System.nanoTime();
    BatchResult onSpark = SparkRunner.on(spark).runBatch(spec.runDir(dir.resolve("spark"))
        .build());
    long t2 = System.nanoTime();
    int partitions = (trials + SparkRunner.DEFAULT_PARTITION_SIZE - 1)
        / SparkRunner.DEFAULT_PARTITION_SIZE;
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
    if (local.ok() != trials || onSpark.ok() != trials || sums.size() != partitions) {
      throw new IllegalStateException("not every trial ran: local " + local.ok() + ", spark "
          + onSpark.ok() + " of " + trials);
    }
    return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9};
  }
}
