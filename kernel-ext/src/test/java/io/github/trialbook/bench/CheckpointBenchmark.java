package io.github.trialbook.bench;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.store.StoreProbe;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The anchors' {@code checkpoint} workload: 1,000,000 records of the anchor's shape (10 configs ×
 * 100,000 inputs; label, prediction, score, latency; every 97th an error) appended to the trial log
 * with an fsync every 1,000 records, then resumed: the log read back into the set of finished
 * keys. Compare with {@code anchors.py checkpoint --dir /tmp} (Python's json + fsync).
 *
 * <p>Run:
 * <pre>{@code
 * mvn -q -o -pl kernel-ext test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp kernel-ext/target/test-classes:kernel-ext/target/classes:$(cat /tmp/cp.txt) \
 *     io.github.trialbook.bench.CheckpointBenchmark --dir /tmp --reps 3 --resume keys
 * }</pre>
 * {@code --resume keys} reads only keys and statuses (the anchor's "set of done ids");
 * {@code --resume full} loads every record with its outputs (what the engine keeps for the
 * results table). Each rep runs in a fresh JVM of its own ({@code --fork false} runs them all in
 * this one), so its peak RSS belongs to that rep alone and its figures are cold ones, as the
 * anchor's (a fresh interpreter per rep); {@code --warm 1} makes each child run a second rep
 * after the first, the warm figure (its {@code peak_rss_mib} is then the peak of both).
 * {@code --jvm-args "-Xmx128m"} passes flags to the children. Each line gives the CPU time of all
 * threads of the process for the write and the resume ({@code process_cpu_*}, 10 ms ticks)
 * beside the measuring thread's.
 */
public final class CheckpointBenchmark {
  private static final String[] LABELS = {"positive", "negative", "neutral"};
  private static final List<String> STAGES = List.of("predict");
  /** CPU time of the measuring thread: a figure that other processes on the machine do not skew. */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws IOException, InterruptedException {
    Map<String, String> opts = parse(args);
    int n = Integer.parseInt(opts.getOrDefault("n", "1000000"));
    Path base = Path.of(opts.getOrDefault("dir", System.getProperty("java.io.tmpdir")));
    int reps = Integer.parseInt(opts.getOrDefault("reps", "3"));
    int fsyncEvery = Integer.parseInt(opts.getOrDefault("fsync-every", "1000"));
    String resume = opts.getOrDefault("resume", "keys");
    int warm = Integer.parseInt(opts.getOrDefault("warm", "0"));
    boolean child = opts.containsKey("child");
    if (child || opts.getOrDefault("fork", "true").equals("false")) {
      for (int rep = 1; rep <= reps; rep++) {
        runOnce(rep, n, base, fsyncEvery, resume, "cold");
        for (int w = 0; w < warm; w++) {
          runOnce(rep, n, base, fsyncEvery, resume, "warm");
        }
      }
      return;
    }
    String jvmArgs = opts.getOrDefault("jvm-args", "");
    List<String> flags = jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+"));
    System.out.println("# checkpoint: " + reps + " fresh JVMs" + (flags.isEmpty() ? "" : " " + flags)
        + ", load average " + Bench.loadAverage());
    for (int rep = 1; rep <= reps; rep++) {
      Bench.ChildRun run = Bench.childJvm(flags, CheckpointBenchmark.class, "--child", "true",
          "--n", Integer.toString(n), "--dir", base.toString(), "--reps", "1", "--fsync-every",
          Integer.toString(fsyncEvery), "--resume", resume, "--warm", Integer.toString(warm));
      for (String line : run.lines()) {
        System.out.println(line.replace("\"rep\":1,", "\"rep\":" + rep + ","));
      }
      System.out.println(String.format(Locale.ROOT, "# rep %d: process %.0f ms wall, %.0f ms CPU "
          + "(all threads), %.1f MiB peak RSS", rep, run.wallMillis(), run.cpuMillis(),
          run.peakRssKib() / 1024.0));
    }
    System.out.println("# load average at the end " + Bench.loadAverage());
  }

  private static void runOnce(int rep, int n, Path base, int fsyncEvery, String resume,
      String phase) throws IOException {
    Path dir = Files.createTempDirectory(base, "trialbook-ckpt-");
    try {
      BatchSpec<String> spec = spec(n);
      long t0 = System.nanoTime();
      long cpu0 = CPU.getCurrentThreadCpuTime();
      double process0 = Bench.processCpuMillis();
      long forced = StoreProbe.write(dir, spec, new CheckpointPolicy(fsyncEvery,
          Duration.ofSeconds(60)), n, CheckpointBenchmark::record);
      double writeSeconds = (System.nanoTime() - t0) / 1e9;
      double writeCpu = (CPU.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double writeProcess = (Bench.processCpuMillis() - process0) / 1e3;
      long rssAfterWrite = peakRssKib();
      Path logFile = StoreProbe.logFile(dir);
      long bytes = Files.size(logFile);

      long t1 = System.nanoTime();
      long cpu1 = CPU.getCurrentThreadCpuTime();
      double process1 = Bench.processCpuMillis();
      int found;
      if (resume.equals("full")) {
        found = StoreProbe.latest(logFile).size();
        int finished = StoreProbe.finishedKeys(logFile).size();
        if (finished != n) {
          throw new AssertionError("finished keys " + finished);
        }
      } else {
        found = StoreProbe.scanFinished(dir, spec);
      }
      double resumeSeconds = (System.nanoTime() - t1) / 1e9;
      double resumeCpu = (CPU.getCurrentThreadCpuTime() - cpu1) / 1e9;
      double resumeProcess = (Bench.processCpuMillis() - process1) / 1e3;
      if (found != n) {
        throw new AssertionError("resume found " + found + " keys, expected " + n);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.println(String.format(Locale.ROOT,
          "{\"workload\":\"checkpoint\",\"impl\":\"trialbook-jsonl-fsync%d\",\"rep\":%d,"
              + "\"phase\":\"%s\",\"n\":%d,"
              + "\"resume_mode\":\"%s\",\"write_seconds\":%.4f,\"write_records_per_s\":%d,"
              + "\"resume_seconds\":%.4f,\"resume_records_per_s\":%d,\"forced_records\":%d,"
              + "\"producer_cpu_seconds\":%.4f,\"resume_cpu_seconds\":%.4f,"
              + "\"process_cpu_write_seconds\":%.2f,\"process_cpu_resume_seconds\":%.2f,"
              + "\"file_mib\":%.1f,\"rss_after_write_mib\":%.1f,\"peak_rss_mib\":%.1f,"
              + "\"heap_used_mib\":%.1f,\"max_heap_mib\":%.1f,\"dir\":\"%s\",\"jdk\":\"%s\"}",
          fsyncEvery, rep, phase, n, resume, writeSeconds, Math.round(n / writeSeconds),
          resumeSeconds, Math.round(n / resumeSeconds), forced, writeCpu, resumeCpu, writeProcess,
          resumeProcess, bytes / 1048576.0, rssAfterWrite / 1024.0,
          peakRssKib() / 1024.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
          rt.maxMemory() / 1048576.0, base, Runtime.version()));
    } finally {
      deleteTree(dir);
    }
  }

  /** 10 configs × n/10 inputs, as in anchors.py. */
  private static BatchSpec<String> spec(int n) {
    List<String> inputs = new ArrayList<>(n / 10);
    for (int i = 0; i < n / 10; i++) {
      inputs.add(String.format(Locale.ROOT, "in-%07d", i));
    }
    List<Config> configs = new ArrayList<>();
    for (int c = 0; c < 10; c++) {
      configs.add(Config.of(String.format(Locale.ROOT, "cfg-%02d", c)));
    }
    return BatchSpec.<String>builder("checkpoint-bench", inputs, s -> s).configs(configs)
        .stage("predict", t -> null).parallelism(1).consoleProgress(false).build();
  }

  /** The anchor's result_record(i) as a trial record. */
  public static TrialRecord record(int i) {
    String config = "cfg-0" + (i % 10);
    String input = "in-" + pad7(i / 10);
    boolean error = i % 97 == 0;
    Map<String, Object> output = new LinkedHashMap<>(4);
    output.put("label", LABELS[(i / 10) % 3]);
    output.put("prediction", LABELS[(int) (((long) i * 7 + 3) % 3)]);
    output.put("score", Math.round((((long) i * 2654435761L) % 1000003) / 1000003.0 * 1e4) / 1e4);
    long latencyNanos = Math.round((20 + ((long) i * 40503) % 1000 / 10.0) * 1e6);
    TrialError err = error ? new TrialError("java.lang.IllegalStateException", "model refused",
        "predict", 1, List.of()) : null;
    return new TrialRecord(config, input, error ? TrialStatus.FAILED : TrialStatus.OK, 0, i,
        1_763_900_000_000L + i, latencyNanos, STAGES, new Object[] {error ? null : output},
        new long[] {latencyNanos},
        new int[] {TrialRecord.packStage(error ? StageStatus.FAILED : StageStatus.OK, 1)}, err);
  }

  private static String pad7(int v) {
    String s = Integer.toString(v);
    return "0000000".substring(s.length()) + s;
  }

  /** VmHWM: the peak resident set of this process, as anchors.py reads it. */
  private static long peakRssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static Map<String, String> parse(String[] args) {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]
            + "; options: --n, --dir, --reps, --fsync-every, --resume keys|full, --fork true|false, "
            + "--warm, --jvm-args");
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    return opts;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private CheckpointBenchmark() {}
}
