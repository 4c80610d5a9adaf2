package io.github.trialbook.stats;

/**
 * The usual fixed-sample 95 % intervals, valid when looked at once, at the end: Wilson's score
 * interval for a proportion and the normal interval for a mean. Reported beside the confidence
 * sequences so a final table can be compared with scikit-learn or a paper's numbers.
 *
 * <pre>{@code
 * double[] ci = FixedIntervals.wilson(87, 100, 0.05);   // [0.790, 0.922]
 * }</pre>
 */
public final class FixedIntervals {
  private FixedIntervals() {}

  /** Wilson's interval for {@code successes} out of {@code n}; [0, 1] when n is 0. */
  public static double[] wilson(long successes, long n, double alpha) {
    if (n == 0) {
      return new double[] {0, 1};
    }
    double z = normalQuantile(1 - alpha / 2);
    double p = (double) successes / n;
    double z2n = z * z / n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z * Math.sqrt(p * (1 - p) / n + z2n / (4 * n)) / (1 + z2n);
    return new double[] {Math.max(0, centre - half), Math.min(1, centre + half)};
  }

  /** The normal interval for a mean from its count, sum and sum of squares; NaN below 2. */
  public static double[] normalMean(long n, double sum, double sumSquares, double alpha) {
    if (n < 2) {
      return new double[] {Double.NaN, Double.NaN};
    }
    double mean = sum / n;
    double variance = Math.max(0, (sumSquares - n * mean * mean) / (n - 1));
    double half = normalQuantile(1 - alpha / 2) * Math.sqrt(variance / n);
    return new double[] {mean - half, mean + half};
  }

  /** The standard normal quantile (Acklam's rational approximation, error below 1.2e-9). */
  public static double normalQuantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must be in (0, 1) (was " + p + ")");
    }
    double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
        1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
        6.680131188771972e+01, -1.328068155288572e+01};
    double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
        -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
        3.754408661907416e+00};
    double low = 0.02425;
    if (p < low) {
      double q = Math.sqrt(-2 * Math.log(p));
      return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
          / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - low) {
      return -normalQuantile(1 - p);
    }
    double q = p - 0.5;
    double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
        / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
}
