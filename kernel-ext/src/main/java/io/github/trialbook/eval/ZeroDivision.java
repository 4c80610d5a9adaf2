package io.github.trialbook.eval;

/**
 * What precision, recall or F1 become when their denominator is zero, as scikit-learn's
 * {@code zero_division}: {@link #WARN} (the default) gives 0 and lists the affected labels in the
 * report's warnings; {@link #ZERO}, {@link #ONE} and {@link #NAN} set the value silently. With
 * {@code NAN}, averages skip NaN values (scikit-learn 1.3+ semantics).
 *
 * <pre>{@code
 * Metrics.classification(table, "label", "prediction").zeroDivision(ZeroDivision.ONE);
 * }</pre>
 */
public enum ZeroDivision {
  WARN(0.0),
  ZERO(0.0),
  ONE(1.0),
  NAN(Double.NaN);

  private final double value;

  ZeroDivision(double value) {
    this.value = value;
  }

  /** The value an undefined ratio takes. */
  public double value() {
    return value;
  }

  double divide(long numerator, long denominator) {
    return denominator == 0 ? value : (double) numerator / denominator;
  }
}
