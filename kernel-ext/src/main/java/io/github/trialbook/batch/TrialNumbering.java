package io.github.trialbook.batch;

/**
 * The trial numbers of configs × inputs: trial {@code inputIndex * configs + configIndex}, so the
 * natural order interleaves the configs and every config has results early.
 */
final class TrialNumbering {
  /** The most trials one batch holds (an array of them must still be allocatable). */
  static final int MAX_TRIALS = Integer.MAX_VALUE - 8;

  private final int configs;
  private final int trials;

  private TrialNumbering(int configs, int trials) {
    this.configs = configs;
    this.trials = trials;
  }

  /** The numbering of {@code configs} × {@code inputs}; refuses more than {@link #MAX_TRIALS}. */
  static TrialNumbering of(int configs, int inputs) {
    long trials = (long) configs * inputs;
    if (trials > MAX_TRIALS) {
      throw new BatchConfigException("configs × inputs = " + trials + " trials is more than "
          + "one batch holds (" + MAX_TRIALS + "); split the inputs into batches");
    }
    return new TrialNumbering(configs, (int) trials);
  }

  int count() {
    return trials;
  }

  int configOf(int trial) {
    return trial % configs;
  }

  int inputOf(int trial) {
    return trial / configs;
  }

  int trialOf(int configIndex, int inputIndex) {
    return inputIndex * configs + configIndex;
  }
}
