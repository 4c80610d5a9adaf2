package io.github.trialbook.engine;

import io.github.trialbook.batch.Parallelism;
import io.github.trialbook.batch.Stage;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Tunes how many of a batch's workers take trials ({@link Parallelism#auto()}), on the monitor
 * thread. Every window (at least 200 ms and a few finished trials) it compares the throughput
 * with the previous window's and looks at how much of the cores the process used: it doubles the
 * workers while a doubling paid off (at least 10 % more trials per second) and the cores are not
 * saturated; a doubling that brought nothing is taken back and retried ten windows later; it
 * halves them while the heap is too full, or when the throughput at the same count stayed a
 * fifth below its best for two windows (an overloaded server), but not at the end of the batch,
 * where it always falls. Never above the cap, nor above what the resource limits let run
 * when every stage needs a resource.
 */
final class AutoParallelism {
  private static final long MIN_WINDOW_NANOS = 200_000_000L;
  private static final long MAX_WINDOW_NANOS = 10_000_000_000L;
  private static final double GAIN = 1.10;
  private static final double SATURATED = 0.85;
  private static final int RETRY_WINDOWS = 10;

  private final Execution<?> ex;
  private final int cap;
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final com.sun.management.OperatingSystemMXBean os;
  private long windowStart;
  private long windowCpu;
  private long windowDone;
  private double previousRate = Double.NaN;
  private int previousCount;
  private boolean probing;
  private int holdWindows;
  private double bestRateHere;
  /** Consecutive windows below four fifths of the best rate at this count. */
  private int slowWindows;

  AutoParallelism(Execution<?> ex) {
    this.ex = ex;
    this.cap = Math.min(ex.spec.parallelismPolicy().max(), resourceCap(ex));
    this.os = ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot : null;
    this.windowStart = ex.clock.nanoTime();
    this.windowCpu = cpuNanos();
    ex.activeWorkers = Math.min(ex.activeWorkers, cap);
    ex.workersNote = describe("started at the cores (" + cores + ")");
  }

  /** When every stage waits for a resource, more workers than its permits only wait. */
  private static int resourceCap(Execution<?> ex) {
    Map<String, Integer> limits = new HashMap<>(ex.spec.limits());
    int sum = 0;
    for (Stage<?> s : ex.spec.stages()) {
      if (s.resource().isEmpty()) {
        return Integer.MAX_VALUE;
      }
      Integer k = limits.remove(s.resource().get());
      sum += k == null ? 0 : k;
    }
    return Math.max(1, sum);
  }

  private long cpuNanos() {
    return os == null ? -1 : os.getProcessCpuTime();
  }

  void tick(long now) {
    long done = ex.counters.finished();
    long trials = done - windowDone;
    long elapsed = now - windowStart;
    int active = ex.activeWorkers;
    if (elapsed < MIN_WINDOW_NANOS || trials < Math.min(10, Math.max(2, active / 4))
        && elapsed < MAX_WINDOW_NANOS) {
      return;
    }
    long cpu = cpuNanos();
    double cpuShare = cpu < 0 || windowCpu < 0 ? 0 : (double) (cpu - windowCpu) / elapsed / cores;
    double rate = trials * 1e9 / elapsed;
    windowStart = now;
    windowCpu = cpu;
    windowDone = done;
    if (ex.memoryPaused && active > 1) {
      set(Math.max(1, active / 2), "the heap is too full");
    } else if (probing) {
      probing = false;
      if (rate >= previousRate * GAIN) {
        bestRateHere = rate;
        grow(active, rate, cpuShare);
      } else {
        holdWindows = RETRY_WINDOWS;
        set(previousCount, String.format(Locale.ROOT, "%d workers gave no gain (%.0f vs %.0f "
            + "trials/s)", active, rate, previousRate));
        bestRateHere = previousRate;
      }
    } else if (holdWindows > 0) {
      holdWindows--;
    } else if (rate < bestRateHere * 0.8 && active > 1
        && ex.queue.untaken() > active) { // the last trials of a batch always slow down
      if (++slowWindows >= 2) {
        slowWindows = 0;
        set(Math.max(1, active / 2), String.format(Locale.ROOT, "throughput fell %.0f %%",
            100 * (1 - rate / bestRateHere)));
        bestRateHere = rate;
      }
    } else {
      slowWindows = 0;
      bestRateHere = Math.max(bestRateHere, rate);
      grow(active, rate, cpuShare);
    }
    previousRate = rate;
  }

  private void grow(int active, double rate, double cpuShare) {
    if (active >= cap || cpuShare >= SATURATED) {
      return;
    }
    previousCount = active;
    probing = true;
    set(Math.min(cap, active * 2), String.format(Locale.ROOT, "cores %.0f %% busy at %.0f "
        + "trials/s", 100 * cpuShare, rate));
  }

  private void set(int workers, String why) {
    int before = ex.activeWorkers;
    ex.setActiveWorkers(workers);
    ex.workersNote = describe((workers > before ? "grew from " : workers < before ? "shrank from "
        : "stayed at ") + before + ": " + why);
  }

  private String describe(String why) {
    return ex.activeWorkers + " workers (auto, up to " + cap + "); " + why;
  }
}
