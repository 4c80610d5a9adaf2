package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The {@code overhead} workload under JMH: one invocation is a whole batch of 100,000 no-op 3-stage
 * trials at parallelism 8 (spec building and pool start-up included), reported in µs per trial.
 * The baseline runs in the same harness as a {@link Param} value, as Caffeine's benchmarks do:
 * {@code executor} is a plain {@code ExecutorService} with one future per trial;
 * {@code trialbook-checkpoint} writes the run directory under the system temp dir.
 *
 * <p>Warm (5 untimed batches, then 7 timed, one fork): {@code bin/bench jmh OverheadJmhBenchmark}.
 * Cold (the first batch of a fresh JVM, as a new kernel feels it; 5 forks):
 * {@code bin/bench jmh OverheadJmhBenchmark -wi 0 -i 1 -f 5}. {@code bin/bench overhead} keeps the
 * whole-process figures (1M trials, retained heap per record).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = "-Djava.awt.headless=true")
public class OverheadJmhBenchmark {
  static final int TRIALS = 100_000;
  static final int PARALLELISM = 8;

  @Param({"trialbook", "trialbook-checkpoint", "executor"})
  public String impl;

  private List<Integer> inputs;

  @Setup
  public void setUp() {
    inputs = IntStream.range(0, TRIALS).boxed().toList();
  }

  @Benchmark
  @OperationsPerInvocation(TRIALS)
  public Object batch() throws Exception {
    return switch (impl) {
      case "trialbook" -> checked(Trialbook.runBatch(OverheadBenchmark.spec("jmh", inputs, PARALLELISM)));
      case "trialbook-checkpoint" -> checked(Trialbook.runBatch(
          OverheadBenchmark.spec("jmh", inputs, PARALLELISM).toBuilder().runDir(tempRunDir()).build()));
      case "executor" -> OverheadBenchmark.executorRun(TRIALS, PARALLELISM);
      default -> throw new IllegalArgumentException("impl " + impl);
    };
  }

  private static BatchResult checked(BatchResult r) {
    if (r.ok() != TRIALS) {
      throw new IllegalStateException("lost trials: " + r.progress());
    }
    return r;
  }

  private static Path tempRunDir() throws IOException {
    return Files.createTempDirectory("trialbook-jmh");
  }
}
