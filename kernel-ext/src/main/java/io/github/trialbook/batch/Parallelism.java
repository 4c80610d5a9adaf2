package io.github.trialbook.batch;

/**
 * How many trials run at once: a fixed number, or {@link #auto()}, which tunes itself while the
 * batch runs. Immutable.
 *
 * <p>{@code auto} starts at the number of cores and measures, every fraction of a second, the
 * throughput and how much of the cores the process uses: while throughput rises and the stages
 * leave the cores idle (they wait on I/O: model calls, HTTP, subprocesses) it doubles the workers,
 * up to its cap; when a step brings no gain it steps back, and it shrinks while the heap is too
 * full. A CPU-bound batch stays near the cores, a batch waiting on a server grows to what the
 * server can take. The live view shows the current count and why it last changed.
 *
 * <pre>{@code
 * .parallelism(Parallelism.auto())        // between the cores and 256
 * .parallelism(Parallelism.auto(1024))    // for many slow model calls
 * .parallelism(Parallelism.fixed(8))      // the same as parallelism(8)
 * }</pre>
 *
 * @param start the workers to start with
 * @param max the most workers ({@link #start} for a fixed count)
 * @param adaptive whether the count tunes itself
 */
public record Parallelism(int start, int max, boolean adaptive) {
  /** The cap of {@link #auto()}. */
  public static final int DEFAULT_AUTO_MAX = 256;

  public Parallelism {
    if (start < 1 || max < start || max > BatchSpec.MAX_PARALLELISM) {
      throw new BatchConfigException("parallelism must be between 1 and "
          + BatchSpec.MAX_PARALLELISM + " (was " + (adaptive ? "auto(" + max + ")" : start)
          + "); pass a count in that range");
    }
  }

  /** Exactly {@code workers} at once. */
  public static Parallelism fixed(int workers) {
    return new Parallelism(workers, workers, false);
  }

  /** Tuned while running, from the number of cores up to {@value #DEFAULT_AUTO_MAX}. */
  public static Parallelism auto() {
    return auto(Math.max(DEFAULT_AUTO_MAX, cores()));
  }

  /** Tuned while running, from the number of cores (or {@code max}, if fewer) up to {@code max}. */
  public static Parallelism auto(int max) {
    if (max < 1 || max > BatchSpec.MAX_PARALLELISM) {
      throw new BatchConfigException("auto parallelism's max must be between 1 and "
          + BatchSpec.MAX_PARALLELISM + " (was " + max + "); pass e.g. Parallelism.auto(256)");
    }
    return new Parallelism(Math.min(cores(), max), max, true);
  }

  private static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public String toString() {
    return adaptive ? "auto(" + start + " to " + max + ")" : Integer.toString(start);
  }
}
