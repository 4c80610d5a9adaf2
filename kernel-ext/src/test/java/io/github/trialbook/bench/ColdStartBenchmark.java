package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a fresh JVM's first batch costs, beside the same JVM's later ones and beside Python's
 * {@code ProcessPoolExecutor.map} in the same run. The workload is the anchors' {@code overhead}
 * one: N no-op 3-stage trials at parallelism 8, no checkpoint, building the spec (ids included)
 * and starting the workers timed, the input list made before (Python's is a {@code range}).
 *
 * <p>Every rep is a fresh process: {@code --jvms} JVMs, each running {@code --batches} batches
 * in a row; batch 1 is the cold figure (what a new kernel's first {@code runBatch} feels), the
 * last one the warm figure. With {@code --python}, each JVM is followed by a fresh interpreter
 * that runs {@code anchors.py}'s {@code processpool-map} the same number of times, pool start-up
 * included each time as in the anchors (so Python's first map is its cold figure and its last one
 * its warm one: the two languages are warmed alike). Per batch: wall µs/trial and the CPU time of
 * all threads of the process (JIT and GC included; Python's with its reaped worker processes) per
 * trial; per process: wall time from start to exit, CPU time and peak RSS (VmHWM). With
 * {@code --sizes 10000,100000,1000000} the whole run repeats per size, and the last lines say how
 * flat the per-trial cost is across sizes.
 *
 * <p>Run: {@code bin/bench coldStart --jvms 5 --batches 5 --python} (see README, Performance);
 * {@code --jvm-args "-XX:TieredStopAtLevel=1"} passes flags to the Java children; the child mode
 * ({@code --child}) is what each JVM runs and prints one line per batch. Each JVM's line ends with
 * the CPU time of its threads by group (main, workers, C2, C1, GC, other); with
 * {@code --batches 1} that is where a cold batch's CPU goes.
 */
public final class ColdStartBenchmark {
  private ColdStartBenchmark() {}

  static final Object OUT = "ok";

  public static void main(String[] args) throws Exception {
    int n = Bench.intArg(args, "--n", 100_000);
    int batches = Bench.intArg(args, "--batches", 5);
    int parallelism = Bench.intArg(args, "--parallelism", 8);
    if (Arrays.asList(args).contains("--child")) {
      child(n, batches, parallelism);
      return;
    }
    int jvms = Bench.intArg(args, "--jvms", 5);
    boolean python = Arrays.asList(args).contains("--python");
    int chunksize = Bench.intArg(args, "--chunksize", 4096);
    String anchors = Bench.stringArg(args, "--anchors", "../shared/anchors");
    String jvmArgs = Bench.stringArg(args, "--jvm-args", "");
    String[] sizes = Bench.stringArg(args, "--sizes", Integer.toString(n)).split(",");
    System.out.printf(Locale.ROOT, "coldStart: no-op 3-stage trials, parallelism %d, %d fresh JVMs × "
        + "%d batches%s, JDK %s, %d cores, load average %s%s%n", parallelism, jvms, batches,
        python ? " (each followed by a fresh python3, processpool-map chunksize " + chunksize + ")"
        : "", Runtime.version(), Runtime.getRuntime().availableProcessors(), Bench.loadAverage(),
        jvmArgs.isBlank() ? "" : ", JVM flags " + jvmArgs);
    double[] javaWarmPerSize = new double[sizes.length];
    for (int s = 0; s < sizes.length; s++) {
      javaWarmPerSize[s] = runSize(Integer.parseInt(sizes[s].trim()), batches, parallelism, jvms,
          python, chunksize, anchors, jvmArgs);
    }
    if (sizes.length > 1) {
      System.out.printf(Locale.ROOT, "flatness: warm median µs/trial %s, max/min %.2f× (target ≤ "
          + "1.3×)%n", Arrays.toString(javaWarmPerSize), Bench.max(javaWarmPerSize)
          / Bench.min(javaWarmPerSize));
    }
    System.out.println("load average at the end " + Bench.loadAverage());
  }

  /** One size: {@code jvms} Java children (and Python ones), then a summary; the warm median. */
  private static double runSize(int n, int batches, int parallelism, int jvms, boolean python,
      int chunksize, String anchors, String jvmArgs) throws Exception {
    double[][] javaWall = new double[batches][jvms];
    double[][] javaCpu = new double[batches][jvms];
    double[][] pyWall = new double[batches][jvms];
    double[][] pyCpu = new double[batches][jvms];
    double[] javaRss = new double[jvms];
    double[] pyRss = new double[jvms];
    List<String> flags = jvmArgs.isBlank() ? List.of() : List.of(jvmArgs.trim().split("\\s+"));
    for (int j = 0; j < jvms; j++) {
      Bench.ChildRun run = Bench.childJvm(flags, ColdStartBenchmark.class, "--child", "--n",
          Integer.toString(n), "--batches", Integer.toString(batches), "--parallelism",
          Integer.toString(parallelism));
      List<String> lines = run.linesStarting("batch ");
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
          "  java   %,9d trials, JVM %d: µs/trial", n, j + 1));
      for (int b = 0; b < batches; b++) {
        String[] f = lines.get(b).split(" ");
        javaWall[b][j] = Double.parseDouble(f[2]);
        javaCpu[b][j] = Double.parseDouble(f[3]);
        line.append(String.format(Locale.ROOT, " %.3f", javaWall[b][j]));
      }
      javaRss[j] = run.peakRssKib() / 1024.0;
      line.append(String.format(Locale.ROOT, " | process %.0f ms wall, %.0f ms CPU, %.0f MiB peak "
          + "RSS | %s", run.wallMillis(), run.cpuMillis(), javaRss[j],
          run.linesStarting("jvm ").isEmpty() ? "" : run.linesStarting("jvm ").get(0)));
      System.out.println(line);
      if (python) {
        Bench.ChildRun py = Bench.child(List.of("/usr/bin/python3", "-c",
            pythonScript(anchors, n, parallelism, chunksize, batches)));
        List<String> maps = py.linesStarting("{");
        StringBuilder pl = new StringBuilder(String.format(Locale.ROOT,
            "  python %,9d trials, run %d: µs/trial", n, j + 1));
        for (int b = 0; b < batches; b++) {
          String rec = maps.get(b);
          pyWall[b][j] = field(rec, "per_item_us");
          pyCpu[b][j] = field(rec, "cpu_us_per_item");
          pl.append(String.format(Locale.ROOT, " %.3f", pyWall[b][j]));
        }
        pyRss[j] = py.peakRssKib() / 1024.0;
        pl.append(String.format(Locale.ROOT, " | process %.0f ms wall, %.0f ms CPU (workers "
            + "included), %.0f MiB peak RSS (parent)", py.wallMillis(), py.cpuMillis(), pyRss[j]));
        System.out.println(pl);
      }
    }
    int last = batches - 1;
    System.out.printf(Locale.ROOT, "%,d trials, best / median over %d fresh processes:%n", n, jvms);
    System.out.printf(Locale.ROOT, "  trialbook cold (batch 1)  µs/trial %s, CPU µs/trial %s%n",
        Bench.bestMedian("%.3f", javaWall[0]), Bench.bestMedian("%.2f", javaCpu[0]));
    System.out.printf(Locale.ROOT, "  trialbook warm (batch %d)  µs/trial %s, CPU µs/trial %s; peak RSS "
        + "%s MiB%n", batches, batches == 1 ? "-" : Bench.bestMedian("%.3f", javaWall[last]),
        batches == 1 ? "-" : Bench.bestMedian("%.2f", javaCpu[last]),
        Bench.bestMedian("%.0f", javaRss));
    if (python) {
      System.out.printf(Locale.ROOT, "  python cold (map 1)       µs/trial %s, CPU µs/trial %s%n",
          Bench.bestMedian("%.3f", pyWall[0]), Bench.bestMedian("%.2f", pyCpu[0]));
      System.out.printf(Locale.ROOT, "  python warm (map %d)       µs/trial %s, CPU µs/trial %s; peak RSS "
          + "%s MiB%n", batches, Bench.bestMedian("%.3f", pyWall[last]),
          Bench.bestMedian("%.2f", pyCpu[last]), Bench.bestMedian("%.0f", pyRss));
      System.out.printf(Locale.ROOT, "  python / trialbook (>1: trialbook faster), medians: cold "
          + "%.2f×, warm %.2f×; best: cold %.2f×, warm %.2f×%n",
          Bench.median(pyWall[0]) / Bench.median(javaWall[0]),
          Bench.median(pyWall[last]) / Bench.median(javaWall[last]),
          Bench.min(pyWall[0]) / Bench.min(javaWall[0]),
          Bench.min(pyWall[last]) / Bench.min(javaWall[last]));
    }
    return Bench.median(javaWall[last]);
  }

  /** The child JVM: {@code batches} batches, one line each, then what the JVM did meanwhile. */
  private static void child(int n, int batches, int parallelism) {
    List<Integer> inputs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      inputs.add(i);
    }
    for (int b = 1; b <= batches; b++) {
      double cpu0 = Bench.processCpuMillis();
      long t0 = System.nanoTime();
      BatchSpec<Integer> spec = Trialbook.batch("cold", inputs, Bench::id)
          .stage("a", t -> OUT).stage("b", t -> OUT).stage("c", t -> OUT)
          .parallelism(parallelism).noCheckpoint().consoleProgress(false).build();
      BatchResult r = Trialbook.runBatch(spec);
      long nanos = System.nanoTime() - t0;
      double cpu = Bench.processCpuMillis() - cpu0;
      if (r.ok() != n) {
        throw new IllegalStateException("lost trials: " + r.progress());
      }
      System.out.printf(Locale.ROOT, "batch %d %.4f %.3f%n", b, nanos / 1e3 / n, cpu * 1e3 / n);
    }
    String threads = cpuByThread(); // before the management beans below add to main's CPU
    // read only now: the management beans are not free in a fresh JVM, and would be loaded for
    // the batches' sake if read before them
    ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long gc = 0;
    for (GarbageCollectorMXBean g : ManagementFactory.getGarbageCollectorMXBeans()) {
      gc += g.getCollectionTime();
    }
    System.out.printf(Locale.ROOT, "jvm %d classes, JIT %d ms, GC %d ms in all; CPU ms by thread: %s%n",
        classes.getTotalLoadedClassCount(), jit.getTotalCompilationTime(), gc, threads);
  }

  /**
   * The CPU time of this JVM's live threads so far, in ms, grouped: main, the batch's workers,
   * C1 and C2 compiler threads, GC threads, the rest (from {@code /proc/self/task/}*, 10 ms ticks;
   * with {@code --batches 1} that is the cold batch and the JVM's start).
   */
  private static String cpuByThread() {
    java.util.Map<String, Double> groups = new java.util.LinkedHashMap<>();
    for (String g : List.of("main", "workers", "C2", "C1", "GC", "other")) {
      groups.put(g, 0.0);
    }
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    for (java.io.File t : tasks == null ? new java.io.File[0] : tasks) {
      try {
        String comm = java.nio.file.Files.readString(t.toPath().resolve("comm")).trim();
        String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0;
        String g = comm.equals("java") ? "main" : comm.startsWith("trialbook") ? "workers"
            : comm.startsWith("C2 Compiler") ? "C2" : comm.startsWith("C1 Compiler") ? "C1"
            : comm.startsWith("GC ") || comm.startsWith("G1 ") ? "GC" : "other";
        groups.merge(g, ms, Double::sum);
      } catch (java.io.IOException | RuntimeException e) {
        // a thread that ended meanwhile
      }
    }
    StringBuilder out = new StringBuilder();
    groups.forEach((g, ms) -> out.append(out.length() == 0 ? "" : " ").append(g).append('=')
        .append(Math.round(ms)));
    return out.toString();
  }

  /** anchors.py's processpool-map, {@code batches} times in one interpreter, with its CPU time. */
  static String pythonScript(String anchors, int n, int p, int chunksize, int batches) {
    return "import sys, json, resource\n"
        + "sys.path.insert(0, " + pyString(anchors) + ")\n"
        + "import anchors\n"
        + "opts = anchors.parse_args(['overhead', '--chunksize', '" + chunksize + "'])\n"
        + "def cpu():\n"
        + "    a = resource.getrusage(resource.RUSAGE_SELF)\n"
        + "    b = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        + "    return a.ru_utime + a.ru_stime + b.ru_utime + b.ru_stime\n"
        + "for i in range(" + batches + "):\n"
        + "    c0 = cpu()\n"
        + "    r = anchors.run_overhead('processpool-map', " + n + ", " + p + ", opts)\n"
        + "    r['cpu_us_per_item'] = round((cpu() - c0) / " + n + " * 1e6, 3)\n"
        + "    print(json.dumps(r), flush=True)\n"
        + Bench.PYTHON_PROCESS_LINE;
  }

  private static String pyString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** A number field of a flat JSON object line. */
  static double field(String json, String name) {
    int i = json.indexOf("\"" + name + "\": ");
    if (i < 0) {
      throw new IllegalStateException("no " + name + " in " + json);
    }
    int start = i + name.length() + 4;
    int end = start;
    while (end < json.length() && "0123456789.-eE".indexOf(json.charAt(end)) >= 0) {
      end++;
    }
    return Double.parseDouble(json.substring(start, end));
  }
}
