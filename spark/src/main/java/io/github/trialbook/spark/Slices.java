package io.github.trialbook.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The partitions of a run: consecutive runs of the plan's queue order (config-interleaved), of at
 * most the runner's partition size, and small enough that every core gets a few.
 */
final class Slices {
  /** Partitions per core at least, so a slow partition does not leave cores idle at the end. */
  private static final int PER_CORE = 3;

  private Slices() {}

  static List<int[]> of(int[] queue, int maxSize, int cores) {
    int size = Math.max(1, Math.min(maxSize,
        (int) Math.ceil(queue.length / (double) (PER_CORE * Math.max(1, cores)))));
    List<int[]> out = new ArrayList<>();
    for (int from = 0; from < queue.length; from += size) {
      out.add(Arrays.copyOfRange(queue, from, Math.min(queue.length, from + size)));
    }
    return out;
  }
}
