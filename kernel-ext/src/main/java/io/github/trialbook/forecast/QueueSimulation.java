package io.github.trialbook.forecast;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A discrete-event simulation of the engine's queue: {@code workers} workers pull trials from
 * one queue in order, each trial runs its stages in order, and a stage on a resource first waits
 * (first come, first served) for one of that resource's permits, which it holds while it runs.
 * Pure and deterministic for a seed; no clock, no threads of its own.
 *
 * <p>Latencies come from measured trials: {@code samples[c]} holds the trials measured of config
 * {@code c}, one row of {@code stages + 1} nanosecond values each (the stage times, {@code -1}
 * for a stage that did not run, then the trial's own overhead outside its stages). A trial draws
 * a whole row, so a slow first stage stays with its slow second stage and a trial that failed
 * early stays short. {@link #project} repeats the run with a bootstrap resample of the rows each
 * time, so its interval holds the uncertainty of a small sample as well as the queue's own
 * scatter.
 *
 * <p>Cost: one run is a few heap operations per stage of every trial. {@link #project} runs
 * {@value #MAX_RUNS} simulations for batches up to about 10^5 stage executions and fewer for
 * larger ones, down to {@value #MIN_RUNS} (a 10^6-trial batch), so that a forecast stays within
 * seconds; the percentiles of so few runs are coarse, but the spread of a batch that large is
 * small next to its length.
 *
 * <pre>{@code
 * QueueSimulation sim = new QueueSimulation(8, new int[] {-1, 0}, new int[] {2});
 * long[][] samples = {{1_000_000, 3_000_000, 0}};      // one config: 1 ms, then 3 ms on the resource
 * WallTime w = sim.project(new int[1000], samples, 42); // 1,000 trials of config 0
 * }</pre>
 */
final class QueueSimulation {
  static final int MAX_RUNS = 200;
  static final int MIN_RUNS = 10;
  /** Stage executions all runs of one projection may simulate together. */
  private static final long EVENT_BUDGET = 30_000_000L;
  private static final double LOW = 0.1;
  private static final double HIGH = 0.9;

  private final int workers;
  private final int[] resourceOfStage;
  private final int[] permits;

  /**
   * @param workers the batch's parallelism
   * @param resourceOfStage per stage, the index of its resource in {@code permits}, or -1
   * @param permits per resource, its limit
   */
  QueueSimulation(int workers, int[] resourceOfStage, int[] permits) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, was " + workers);
    }
    this.workers = workers;
    this.resourceOfStage = resourceOfStage.clone();
    this.permits = permits.clone();
  }

  /** How many simulations {@link #project} runs for {@code trials} trials. */
  int runsFor(int trials) {
    long perRun = Math.max(1L, (long) trials * (resourceOfStage.length + 1));
    return (int) Math.max(MIN_RUNS, Math.min(MAX_RUNS, EVENT_BUDGET / perRun));
  }

  /**
   * The median and the 10th–90th percentile of the wall time of {@code configOfTrial} (the
   * config index of every trial, in queue order) over {@link #runsFor} simulations, each on its
   * own bootstrap resample of {@code samples}. The same seed gives the same result, whatever the
   * number of cores.
   */
  WallTime project(int[] configOfTrial, long[][] samples, long seed) {
    int runs = runsFor(configOfTrial.length);
    SplittableRandom seeds = new SplittableRandom(seed);
    long[] runSeeds = new long[runs];
    Arrays.setAll(runSeeds, i -> seeds.nextLong());
    long[] walls = IntStream.range(0, runs).parallel()
        .mapToLong(r -> {
          SplittableRandom random = new SplittableRandom(runSeeds[r]);
          return wallNanos(configOfTrial, resample(samples, random), random);
        })
        .toArray();
    Arrays.sort(walls);
    return new WallTime(percentile(walls, 0.5), percentile(walls, LOW), percentile(walls, HIGH),
        runs);
  }

  /** The rows of every config drawn with replacement, as many as there were. */
  private long[][] resample(long[][] samples, SplittableRandom random) {
    int width = resourceOfStage.length + 1;
    long[][] drawn = new long[samples.length][];
    for (int c = 0; c < samples.length; c++) {
      int rows = samples[c].length / width;
      drawn[c] = new long[samples[c].length];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(samples[c], random.nextInt(rows) * width, drawn[c], i * width, width);
      }
    }
    return drawn;
  }

  /**
   * One simulated run: the time from the start until the last trial ends, in nanoseconds, each
   * trial drawing a random row of its config's {@code samples}.
   */
  long wallNanos(int[] configOfTrial, long[][] samples, SplittableRandom random) {
    return new Run(configOfTrial, samples, random).toEnd();
  }

  private static Duration percentile(long[] sorted, double q) {
    double at = q * (sorted.length - 1);
    int below = (int) Math.floor(at);
    int above = Math.min(sorted.length - 1, below + 1);
    double nanos = sorted[below] + (at - below) * (sorted[above] - sorted[below]);
    return Duration.ofNanos(Math.round(nanos));
  }

  /** The state of one simulated run: the event heap, the workers and the resources. */
  private final class Run {
    private final int[] configOfTrial;
    private final long[][] samples;
    private final SplittableRandom random;
    private final int stages = resourceOfStage.length;
    private final int width = stages + 1;
    /** Pending stage ends, a binary min-heap on time; at most one per worker. */
    private final long[] heapTime = new long[workers];
    private final int[] heapWorker = new int[workers];
    private int heapSize;
    /** Per worker: its trial's row (config, offset) and the stage it is in ({@code stages}: overhead). */
    private final int[] rowConfig = new int[workers];
    private final int[] rowOffset = new int[workers];
    private final int[] stageOf = new int[workers];
    private final int[] freePermits = permits.clone();
    /** Per resource, the workers waiting for a permit, first come first served (a ring). */
    private final int[][] waiting = new int[permits.length][workers];
    private final int[] waitHead = new int[permits.length];
    private final int[] waitCount = new int[permits.length];
    private int nextTrial;
    private long lastEnd;

    Run(int[] configOfTrial, long[][] samples, SplittableRandom random) {
      this.configOfTrial = configOfTrial;
      this.samples = samples;
      this.random = random;
    }

    long toEnd() {
      for (int w = 0; w < workers; w++) {
        beginTrial(w, 0);
      }
      while (heapSize > 0) {
        long t = heapTime[0];
        int w = heapWorker[0];
        pop();
        int s = stageOf[w];
        if (s == stages) {
          lastEnd = Math.max(lastEnd, t);
          beginTrial(w, t);
          continue;
        }
        int r = resourceOfStage[s];
        if (r >= 0) {
          handOn(r, t);
        }
        advance(w, t);
      }
      return lastEnd;
    }

    private void beginTrial(int w, long t) {
      if (nextTrial == configOfTrial.length) {
        return;
      }
      int c = configOfTrial[nextTrial++];
      rowConfig[w] = c;
      rowOffset[w] = random.nextInt(samples[c].length / width) * width;
      stageOf[w] = -1;
      advance(w, t);
    }

    /** Starts the next stage that ran in the worker's row, or its overhead after the last. */
    private void advance(int w, long t) {
      long[] row = samples[rowConfig[w]];
      int s = stageOf[w] + 1;
      while (s < stages && row[rowOffset[w] + s] < 0) {
        s++;
      }
      stageOf[w] = s;
      int r = s < stages ? resourceOfStage[s] : -1;
      if (r < 0) {
        push(t + row[rowOffset[w] + s], w);
      } else if (freePermits[r] > 0) {
        freePermits[r]--;
        push(t + row[rowOffset[w] + s], w);
      } else {
        waiting[r][(waitHead[r] + waitCount[r]++) % workers] = w;
      }
    }

    /** A permit of {@code r} came free at {@code t}: the first waiter takes it, or it is kept. */
    private void handOn(int r, long t) {
      if (waitCount[r] == 0) {
        freePermits[r]++;
        return;
      }
      int next = waiting[r][waitHead[r]];
      waitHead[r] = (waitHead[r] + 1) % workers;
      waitCount[r]--;
      push(t + samples[rowConfig[next]][rowOffset[next] + stageOf[next]], next);
    }

    private void push(long time, int worker) {
      int i = heapSize++;
      while (i > 0) {
        int parent = (i - 1) >>> 1;
        if (heapTime[parent] <= time) {
          break;
        }
        heapTime[i] = heapTime[parent];
        heapWorker[i] = heapWorker[parent];
        i = parent;
      }
      heapTime[i] = time;
      heapWorker[i] = worker;
    }

    private void pop() {
      long time = heapTime[--heapSize];
      int worker = heapWorker[heapSize];
      int i = 0;
      while (true) {
        int child = 2 * i + 1;
        if (child >= heapSize) {
          break;
        }
        if (child + 1 < heapSize && heapTime[child + 1] < heapTime[child]) {
          child++;
        }
        if (heapTime[child] >= time) {
          break;
        }
        heapTime[i] = heapTime[child];
        heapWorker[i] = heapWorker[child];
        i = child;
      }
      heapTime[i] = time;
      heapWorker[i] = worker;
    }
  }
}
