package io.github.trialbook.forecast;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import java.util.Arrays;

/**
 * The trials a pilot runs: for every config, the first {@code max(5, ceil(fraction × inputs))}
 * inputs of the spec's {@link io.github.trialbook.batch.Order} (all of them when there are fewer).
 * A prefix of the queue, stratified by config, so the following {@code runBatch} carries on where
 * the pilot stopped and a shuffled order makes the sample a fair one.
 *
 * <pre>{@code
 * int[] trials = PilotSample.trials(spec, 0.02);   // what Trialbook.pilot(spec, 0.02) runs
 * }</pre>
 */
public final class PilotSample {
  /** A config's pilot is never smaller than this (or than its inputs). */
  public static final int MIN_TRIALS_PER_CONFIG = 5;

  private PilotSample() {}

  /**
   * The sample's trial numbers, ascending.
   *
   * @throws BatchConfigException if {@code fraction} is not in (0, 1], or the spec keeps no run
   *     directory (the pilot's trials must stay on disk for {@code runBatch} to skip them)
   */
  public static int[] trials(BatchSpec<?> spec, double fraction) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new BatchConfigException("fraction of pilot(spec, fraction) must be in (0, 1], was "
          + fraction + "; pass e.g. 0.02 for a 2 % sample");
    }
    if (spec.runDir().isEmpty()) {
      throw new BatchConfigException("pilot(spec, fraction) keeps its trials in the run directory "
          + "for runBatch to reuse, but batch " + spec.name() + " was built with noCheckpoint(); "
          + "remove noCheckpoint() (or set runDir(Path.of(\"runs\", \"" + spec.name() + "\")))");
    }
    int inputs = spec.inputs().size();
    // the tolerance keeps 0.02 × 250 at 5, not 6, whatever the rounding of the product
    int perConfig = (int) Math.min(inputs,
        Math.max(MIN_TRIALS_PER_CONFIG, Math.ceil(fraction * inputs - 1e-9)));
    int configs = spec.configs().size();
    int[] trials = new int[perConfig * configs];
    int n = 0;
    for (int in = 0; in < inputs; in++) {
      if (spec.rankOf(in) < perConfig) {
        for (int c = 0; c < configs; c++) {
          trials[n++] = spec.trialOf(c, in);
        }
      }
    }
    Arrays.sort(trials);
    return trials;
  }
}
