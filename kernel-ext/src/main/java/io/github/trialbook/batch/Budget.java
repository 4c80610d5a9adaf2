package io.github.trialbook.batch;

/**
 * The most a batch may spend, in US dollars or tokens, counted from stage outputs that implement
 * {@link Usage} (the endpoint pool's answers do, priced by {@code Endpoint.Builder.price}).
 * When what was spent plus the expected cost of the running trials reaches the budget, the batch
 * stops taking trials, lets the running ones finish and ends as cancelled, saying so; a resume
 * (with a larger budget) runs the rest. Immutable.
 *
 * <pre>{@code
 * .budget(Budget.usd(20))
 * .budget(Budget.tokens(2_000_000))
 * }</pre>
 *
 * @param usd the limit in US dollars, or infinity
 * @param tokens the limit in tokens, or {@code Long.MAX_VALUE}
 */
public record Budget(double usd, long tokens) {
  private static final Budget NONE = new Budget(Double.POSITIVE_INFINITY, Long.MAX_VALUE);

  public Budget {
    if (!(usd > 0)) {
      throw new BatchConfigException("budget in US dollars must be > 0 (was " + usd
          + "); pass e.g. Budget.usd(20)");
    }
    if (tokens < 1) {
      throw new BatchConfigException("budget in tokens must be at least 1 (was " + tokens
          + "); pass e.g. Budget.tokens(2_000_000)");
    }
  }

  public static Budget usd(double limit) {
    return new Budget(limit, Long.MAX_VALUE);
  }

  public static Budget tokens(long limit) {
    return new Budget(Double.POSITIVE_INFINITY, limit);
  }

  /** No limit (the default). */
  public static Budget none() {
    return NONE;
  }

  public boolean limited() {
    return usd != Double.POSITIVE_INFINITY || tokens != Long.MAX_VALUE;
  }

  @Override
  public String toString() {
    if (!limited()) {
      return "no budget";
    }
    return usd != Double.POSITIVE_INFINITY ? String.format(java.util.Locale.ROOT, "$%.2f", usd)
        : tokens + " tokens";
  }
}
