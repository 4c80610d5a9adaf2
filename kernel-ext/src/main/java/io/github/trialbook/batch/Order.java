package io.github.trialbook.batch;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The order in which a batch hands its inputs to the workers; every config sees the inputs in the
 * same order, interleaved, so at any moment the configs have been measured on nearly the same
 * inputs. {@link #natural()} (the default) keeps the input list's order; {@link #shuffled(long)}
 * visits the inputs in a seeded random order, which is what live metrics and early stopping need:
 * the first inputs of a sorted list (by date, by source, by difficulty) are not a fair sample of
 * the rest, the first inputs of a shuffled one are.
 *
 * <pre>{@code
 * BatchSpec<Doc> spec = Trialbook.batch("triage", docs, Doc::id)
 *     .configs(a, b)
 *     .stage("label", t -> classify(t.input()))
 *     .order(Order.shuffled(7))
 *     .build();
 * }</pre>
 */
public final class Order {
  private static final Order NATURAL = new Order(false, 0);
  private final boolean shuffled;
  private final long seed;

  private Order(boolean shuffled, long seed) {
    this.shuffled = shuffled;
    this.seed = seed;
  }

  /** The input list's own order. */
  public static Order natural() {
    return NATURAL;
  }

  /** A random order fixed by {@code seed}: the same on every run, resume and rerun. */
  public static Order shuffled(long seed) {
    return new Order(true, seed);
  }

  public boolean isShuffled() {
    return shuffled;
  }

  /**
   * The rank of every input in this order: {@code rank[i]} is the position at which input
   * {@code i} is visited (the inverse of the visiting permutation).
   */
  public int[] ranks(int inputs) {
    int[] visit = new int[inputs];
    Arrays.setAll(visit, i -> i);
    if (shuffled) {
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = inputs - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = visit[i];
        visit[i] = visit[j];
        visit[j] = swap;
      }
    }
    int[] rank = new int[inputs];
    for (int r = 0; r < inputs; r++) {
      rank[visit[r]] = r;
    }
    return rank;
  }

  @Override
  public String toString() {
    return shuffled ? "shuffled(" + seed + ")" : "natural";
  }
}
