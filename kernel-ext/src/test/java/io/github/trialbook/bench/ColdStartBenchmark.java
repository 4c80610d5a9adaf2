package io.github.trialbook.bench;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Where a fresh JVM's first batch goes: the overhead workload (100k no-op 3-stage trials,
 * parallelism 8, no checkpoint) run {@code --batches} times in this JVM, each line with its
 * µs/trial, the classes loaded, the JIT's compile time and the GC time it took. Run it in a new
 * JVM each time ({@code bin/bench coldStart}); the first line is what a new kernel feels.
 */
public final class ColdStartBenchmark {
  private ColdStartBenchmark() {}

  static final Object OUT = "ok";

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
    System.out.printf(Locale.ROOT, "cold start: %,d trials × %d batches, JDK %s; at main: %d "
        + "classes, %d ms since JVM start%n", n, batches, Runtime.version(),
        classes.getLoadedClassCount(), ManagementFactory.getRuntimeMXBean().getUptime());
    for (int b = 0; b < batches; b++) {
      long c0 = classes.getTotalLoadedClassCount();
      long j0 = jit.getTotalCompilationTime();
      long g0 = gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
      long t0 = System.nanoTime();
      long specStart = t0;
      BatchSpec<Integer> spec = Trialbook.batch("cold", IntStream.range(0, n).boxed().toList(),
              Bench::id)
          .stage("a", t -> OUT).stage("b", t -> OUT).stage("c", t -> OUT)
          .parallelism(8).noCheckpoint().consoleProgress(false).build();
      long specNanos = System.nanoTime() - specStart;
      Trialbook.runBatch(spec);
      long nanos = System.nanoTime() - t0;
      System.out.printf(Locale.ROOT, "  batch %d: %.3f µs/trial (spec %.0f ms), +%d classes, "
          + "JIT %d ms, GC %d ms%n", b + 1, nanos / 1e3 / n, specNanos / 1e6,
          classes.getTotalLoadedClassCount() - c0, jit.getTotalCompilationTime() - j0,
          gcs.stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum() - g0);
    }
  }
}
