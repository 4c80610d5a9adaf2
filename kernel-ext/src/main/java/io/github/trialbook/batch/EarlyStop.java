package io.github.trialbook.batch;

/**
 * When a config is stopped before the end because it is clearly worse than the leader
 * ({@link BatchSpec.Builder#earlyStop}). Immutable.
 *
 * <p>{@link #whenBehind(String)} stops a config once the anytime-valid confidence sequence of
 * its paired difference to the current leader on {@code metric} (over the inputs both have
 * finished) lies entirely below {@code -margin}. Because the sequences stay valid however often
 * they are looked at, the chance that a config as good as the leader is ever stopped during the
 * whole run is at most {@code 1 - confidence} (the error is split over the pairs of configs, so
 * this holds for any number of them). Its unstarted trials are recorded with status
 * {@code stopped} and the reason; running ones finish normally. It needs
 * {@link BatchSpec.Builder#evaluate} (what "behind" means) and a shuffled {@link Order} (the
 * first inputs of an ordered list are not a fair sample). It applies to {@code runBatch}: a
 * rerun runs exactly the trials it selects, so {@code Trialbook.rerun(spec, Select.stopped())}
 * completes a stopped config, as does running the spec with {@link #never()}.
 *
 * <pre>{@code
 * .evaluate(Evaluate.classification(Doc::label, "final.label").positiveLabel("spam"))
 * .order(Order.shuffled(7))
 * .earlyStop(EarlyStop.whenBehind("f1").confidence(0.95).minTrials(50))
 * }</pre>
 *
 * @param metric the metric compared (a name from {@link Evaluate#metricNames()}), or null for
 *     {@link #never()}
 * @param confidence the confidence over the whole run, in (0, 1)
 * @param minTrials paired inputs needed before a config may be stopped
 * @param margin how far behind (in the metric's units) a config must surely be, &gt;= 0
 */
public record EarlyStop(String metric, double confidence, int minTrials, double margin) {
  private static final EarlyStop NEVER = new EarlyStop(null, 0.95, 50, 0);

  public EarlyStop {
    if (!(confidence > 0 && confidence < 1)) {
      throw new BatchConfigException("early-stop confidence must be in (0, 1) (was " + confidence
          + "); pass e.g. confidence(0.95)");
    }
    if (minTrials < 1) {
      throw new BatchConfigException("early-stop minTrials must be at least 1 (was " + minTrials
          + "); pass e.g. minTrials(50)");
    }
    if (!(margin >= 0) || Double.isInfinite(margin)) {
      throw new BatchConfigException("early-stop margin must be a finite number >= 0 (was "
          + margin + "); pass e.g. margin(0.02) or leave it at 0");
    }
  }

  /** Nothing is stopped; a spec with this runs the trials an earlier early stop left. */
  public static EarlyStop never() {
    return NEVER;
  }

  /**
   * Stops configs surely behind the leader on {@code metric}: confidence 0.95, after at least 50
   * paired inputs, margin 0.
   */
  public static EarlyStop whenBehind(String metric) {
    if (metric == null || metric.isBlank()) {
      throw new BatchConfigException("early-stop metric cannot be null or blank; pass a metric "
          + "the spec's evaluate(...) measures, e.g. \"f1\" or \"accuracy\"");
    }
    return new EarlyStop(metric, 0.95, 50, 0);
  }

  public EarlyStop confidence(double level) {
    return new EarlyStop(metric, level, minTrials, margin);
  }

  public EarlyStop minTrials(int paired) {
    return new EarlyStop(metric, confidence, paired, margin);
  }

  public EarlyStop margin(double behindBy) {
    return new EarlyStop(metric, confidence, minTrials, behindBy);
  }

  /** True unless this is {@link #never()}. */
  public boolean enabled() {
    return metric != null;
  }
}
