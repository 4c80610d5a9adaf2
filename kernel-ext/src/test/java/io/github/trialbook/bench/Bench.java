package io.github.trialbook.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Small helpers shared by the benchmarks, among them {@link #child}: one rep in a fresh JVM (or
 * any process) with its wall time, the CPU time of all its threads and its peak RSS, which is how
 * a benchmark reports a cold figure and an RSS that belongs to one rep.
 */
final class Bench {
  /** The line {@link Child} (or a Python child) prints last: {@code #process cpu_ms=… peak_rss_kib=…}. */
  static final String PROCESS_LINE = "#process ";

  private Bench() {}

  /**
   * What one child process did: its standard output lines (the {@link #PROCESS_LINE} left out),
   * the wall time seen from here (start to exit, the JVM's or interpreter's own start-up
   * included), the CPU time of all its threads (its pool's worker processes too, for Python) and
   * its peak resident set (VmHWM), both as the child reported them.
   */
  record ChildRun(List<String> lines, double wallMillis, double cpuMillis, long peakRssKib) {
    /** The lines that start with {@code prefix}. */
    List<String> linesStarting(String prefix) {
      List<String> out = new ArrayList<>();
      for (String l : lines) {
        if (l.startsWith(prefix)) {
          out.add(l);
        }
      }
      return out;
    }
  }

  /**
   * Runs {@code main} in a fresh JVM (this JVM's {@code java} and class path, then
   * {@code jvmArgs}) through {@link Child}, which reports the process figures when main returns.
   */
  static ChildRun childJvm(List<String> jvmArgs, Class<?> main, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Djava.awt.headless=true");
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Child.class.getName(),
        main.getName()));
    command.addAll(List.of(args));
    return child(command);
  }

  /**
   * Runs {@code command} (stderr passed through) and collects its output; it must print a
   * {@link #PROCESS_LINE} last, as {@link Child} and {@link #PYTHON_PROCESS_LINE} do.
   */
  static ChildRun child(List<String> command) throws IOException, InterruptedException {
    Path out = Files.createTempFile("trialbook-bench", ".out");
    try {
      long t0 = System.nanoTime();
      Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
          .redirectError(ProcessBuilder.Redirect.INHERIT).start();
      if (!p.waitFor(30, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException("child did not finish: " + command);
      }
      double wall = (System.nanoTime() - t0) / 1e6;
      List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("child exited with " + p.exitValue() + ": " + command
            + "\n" + String.join("\n", lines));
      }
      double cpu = Double.NaN;
      long rss = -1;
      List<String> kept = new ArrayList<>();
      for (String l : lines) {
        if (l.startsWith(PROCESS_LINE)) {
          for (String field : l.substring(PROCESS_LINE.length()).trim().split(" ")) {
            String[] kv = field.split("=");
            if (kv[0].equals("cpu_ms")) {
              cpu = Double.parseDouble(kv[1]);
            } else if (kv[0].equals("peak_rss_kib")) {
              rss = Long.parseLong(kv[1]);
            }
          }
        } else {
          kept.add(l);
        }
      }
      return new ChildRun(kept, wall, cpu, rss);
    } finally {
      Files.deleteIfExists(out);
    }
  }

  /** Python's last line, as {@link Child} prints it: its CPU with the pool's reaped workers. */
  static final String PYTHON_PROCESS_LINE = "import resource\n"
      + "ru = resource.getrusage(resource.RUSAGE_SELF)\n"
      + "rc = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
      + "hwm = [l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM:')][0]\n"
      + "print('" + PROCESS_LINE + "cpu_ms=%.1f peak_rss_kib=%s' % ((ru.ru_utime + ru.ru_stime"
      + " + rc.ru_utime + rc.ru_stime) * 1000, hwm), flush=True)\n";

  /**
   * The CPU time of every thread of this process so far, in ms, from {@code /proc/self/stat}
   * (utime + stime; clock ticks of 10 ms): read without the management beans, so measuring a
   * fresh JVM's first batch does not load them for it.
   */
  static double processCpuMillis() {
    byte[] buf = new byte[1024];
    int n;
    try (InputStream in = new FileInputStream("/proc/self/stat")) {
      n = in.read(buf);
    } catch (IOException e) {
      return Double.NaN;
    }
    String stat = new String(buf, 0, Math.max(0, n), StandardCharsets.US_ASCII);
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0; // fields 14, 15; USER_HZ 100
  }

  /** This process's peak resident set (VmHWM), in KiB, or -1. */
  static long peakRssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // not Linux
    }
    return -1;
  }

  /** The 1-, 5- and 15-minute load averages, as {@code uptime} shows them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "?";
    }
  }

  /** The median of {@code values} (not modified). */
  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
  }

  /** The smallest of {@code values}. */
  static double min(double[] values) {
    return Arrays.stream(values).min().orElse(Double.NaN);
  }

  /** The largest of {@code values}. */
  static double max(double[] values) {
    return Arrays.stream(values).max().orElse(Double.NaN);
  }

  /** "best / median" of {@code values}, formatted with {@code format}. */
  static String bestMedian(String format, double[] values) {
    return String.format(Locale.ROOT, format + " / " + format, min(values), median(values));
  }

  /**
   * A fresh JVM's main, run by {@link #childJvm}: calls {@code args[0]}'s {@code main} with the
   * rest, then prints {@link #PROCESS_LINE} with the process's CPU time (all threads) and VmHWM.
   */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Throwable {
      Class<?> main = Class.forName(args[0]);
      try {
        main.getMethod("main", String[].class).invoke(null,
            (Object) Arrays.copyOfRange(args, 1, args.length));
      } catch (java.lang.reflect.InvocationTargetException e) {
        throw e.getCause();
      }
      System.out.println(PROCESS_LINE + String.format(Locale.ROOT, "cpu_ms=%.1f peak_rss_kib=%d",
          processCpuMillis(), peakRssKib()));
    }
  }

  static String id(Integer i) {
    return Integer.toString(i);
  }

  /** The value after {@code name} in {@code args} ({@code --n 2000}), or {@code fallback}. */
  static String stringArg(String[] args, String name, String fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return args[i + 1];
      }
    }
    return fallback;
  }

  /** The integer after {@code name} in {@code args}, or {@code fallback}. */
  static int intArg(String[] args, String name, int fallback) {
    return Integer.parseInt(stringArg(args, name, String.valueOf(fallback)));
  }

  /**
   * The median milliseconds of {@code measured} runs of {@code work} after {@code warmup} untimed
   * ones; the results are summed so the JIT cannot drop the work.
   */
  static double medianMillis(int warmup, int measured, IntSupplier work) {
    return timed(warmup, measured, work).warmMedianMillis();
  }

  /**
   * A figure with its cold and warm sides: the first run in this JVM (the first of its kind, as
   * a notebook's first call feels it; what ran before in the same JVM is shared) and the median
   * of the measured runs after the warm-up.
   */
  record Timing(double coldMillis, double warmMedianMillis) {}

  /** As {@link #medianMillis}, the first (untimed warm-up) run timed too, as the cold figure. */
  static Timing timed(int warmup, int measured, IntSupplier work) {
    long sink = 0;
    double cold = Double.NaN;
    for (int i = 0; i < warmup; i++) {
      long t0 = System.nanoTime();
      sink += work.getAsInt();
      if (i == 0) {
        cold = (System.nanoTime() - t0) / 1e6;
      }
    }
    double[] ms = new double[measured];
    for (int i = 0; i < measured; i++) {
      long t0 = System.nanoTime();
      sink += work.getAsInt();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    if (sink == 42) {
      System.out.println();
    }
    double first = ms[0];
    Arrays.sort(ms);
    return new Timing(warmup > 0 ? cold : first, ms[measured / 2]);
  }

}
