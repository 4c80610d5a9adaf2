package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Memory and time of a large checkpointed batch, each phase in a fresh JVM with its own heap
 * limit (so the first figure is what a new kernel feels): a batch of {@code --n} trials (default
 * 1,000,000) with 200-byte string outputs, 2 configs, at {@code -Xmx256m}; {@code runBatch} on
 * the finished run (nothing left to do) and {@code table("config", "status")} at {@code -Xmx256m};
 * the whole {@code table()} at {@code -Xmx512m}. Within each child the timed step runs
 * {@code --reps} times (default 3), the first cold. Prints one JSON line per measurement: the
 * wall seconds of {@code runBatch} and of the table call, CPU seconds of the whole process (all
 * threads, both calls), peak RSS (VmHWM), the heap limit.
 *
 * <pre>
 * bin/bench boundedMemory [--n 1000000] [--reps 3] [--dir /tmp]
 * </pre>
 */
public final class BoundedMemoryBenchmark {
  private BoundedMemoryBenchmark() {}

  public static void main(String[] args) throws Exception {
    String phase = Bench.stringArg(args, "--phase", null);
    int n = Bench.intArg(args, "--n", 1_000_000);
    int reps = Bench.intArg(args, "--reps", 3);
    if (phase != null) {
      child(phase, Path.of(Bench.stringArg(args, "--run", null)), n, reps);
      return;
    }
    Path base = Path.of(Bench.stringArg(args, "--dir", System.getProperty("java.io.tmpdir")));
    Path run = Files.createTempDirectory(base, "trialbook-bounded-");
    try {
      spawn("run", "-Xmx256m", run, n, 1);
      spawn("resume", "-Xmx256m", run, n, reps);
      spawn("columns", "-Xmx256m", run, n, reps);
      spawn("table", "-Xmx512m", run, n, reps);
    } finally {
      try (Stream<Path> files = Files.walk(run)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void spawn(String phase, String xmx, Path run, int n, int reps)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), xmx,
        "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        BoundedMemoryBenchmark.class.getName(), "--phase", phase, "--run", run.toString(),
        "--n", String.valueOf(n), "--reps", String.valueOf(reps)));
    int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
    if (exit != 0) {
      System.out.println("{\"workload\":\"boundedMemory\",\"phase\":\"" + phase + "\",\"xmx\":\""
          + xmx + "\",\"failed\":\"exit " + exit + "\"}");
    }
  }

  static BatchSpec<Integer> spec(Path run, int n) {
    List<Integer> inputs = IntStream.range(0, n / 2).boxed().toList();
    return Trialbook.batch("bounded", inputs, i -> "in-" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("text", t -> String.format("%08d", t.input()) + "x".repeat(192))
        .parallelism(2).runDir(run).consoleProgress(false).build();
  }

  private static void child(String phase, Path run, int n, int reps) {
    for (int rep = 1; rep <= reps; rep++) {
      BatchSpec<Integer> spec = spec(run, n); // the ids a notebook builds before the call
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      BatchResult r = Trialbook.runBatch(spec);
      double runSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      long rows = switch (phase) {
        case "run", "resume" -> r.ok();
        case "columns" -> r.table("config", "status").rowCount();
        case "table" -> r.table().rowCount();
        default -> throw new IllegalArgumentException("phase " + phase);
      };
      double tableSeconds = (System.nanoTime() - t1) / 1e9;
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      if (rows != n) {
        throw new AssertionError(phase + ": " + rows + " rows, expected " + n);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.println(String.format(Locale.ROOT, "{\"workload\":\"boundedMemory\","
          + "\"phase\":\"%s\",\"rep\":%d,\"cold\":%b,\"n\":%d,\"run_batch_seconds\":%.3f,"
          + "\"table_seconds\":%.3f,"
          + "\"process_cpu_seconds\":%.3f,\"peak_rss_mb\":%.1f,\"heap_max_mb\":%.0f,"
          + "\"heap_used_mb\":%.1f,\"java\":\"%s\"}", phase, rep, rep == 1, n, runSeconds,
          phase.equals("columns") || phase.equals("table") ? tableSeconds : 0, cpu,
          peakRssKib() / 1024.0, rt.maxMemory() / 1048576.0,
          (rt.totalMemory() - rt.freeMemory()) / 1048576.0, Runtime.version()));
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Peak resident set size of this process (VmHWM), in KiB; -1 where /proc is missing. */
  private static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
