package io.github.trialbook.bench;

import io.github.trialbook.eval.Metrics;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import tech.tablesaw.api.Table;

/**
 * {@link ClassificationByBenchmark}'s workload under JMH: a per-config classification report of a
 * 1,000,000-row results table (10 configs, 5 classes), in ms per call. The baseline runs in the
 * same harness as a {@link Param} value: {@code handwritten} counts (config, class) pairs in hash
 * maps over Tablesaw rows, as a notebook would without Trialbook.
 *
 * <p>Warm: {@code bin/bench jmh ClassificationByJmhBenchmark}. Cold (the first call of a fresh
 * JVM, 5 forks): {@code bin/bench jmh ClassificationByJmhBenchmark -wi 0 -i 1 -f 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 15)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
public class ClassificationByJmhBenchmark {
  @Param({"trialbook", "handwritten"})
  public String impl;

  private Table table;

  @Setup
  public void setUp() {
    table = ClassificationByBenchmark.table(1_000_000);
  }

  @Benchmark
  public int byConfig() {
    return switch (impl) {
      case "trialbook" -> Metrics.classification(table, "label", "stage2.prediction")
          .by("config").table().rowCount();
      case "handwritten" -> ClassificationByBenchmark.handWritten(table);
      default -> throw new IllegalArgumentException("impl " + impl);
    };
  }
}
