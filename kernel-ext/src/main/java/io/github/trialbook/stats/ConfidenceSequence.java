package io.github.trialbook.stats;

/**
 * An anytime-valid confidence sequence for the mean of observations in [0, 1]: with probability
 * at least {@code 1 - alpha}, the true mean lies inside {@code [lower(), upper()]} at every
 * moment at once, however often it is looked at and whenever the looking stops. A fixed 95 %
 * interval checked after every observation excludes the truth far more often than 5 % of the
 * time; this one does not, which is what makes stopping on it honest.
 *
 * <p>The method is the predictable plug-in empirical-Bernstein confidence sequence of
 * Waudby-Smith and Ramdas, "Estimating means of bounded random variables by betting", JRSS-B 2023,
 * Theorem 2 (a refinement of Howard et al., Ann. Statist. 2021). It was chosen over their tighter
 * betting sequence because it is closed-form and updates in O(1) per observation (the betting
 * sequence needs a grid search over candidate means at every update), so a live view can follow
 * a million trials without recomputing anything; it adapts to the variance, so an accuracy near
 * 0.9 gets a much narrower interval than Hoeffding's bound would give. The running intersection
 * of the intervals is kept, which stays valid and never widens. Validity assumes the
 * observations arrive in an order independent of their values with a common mean (inputs in a
 * seeded random order); it is conservative for the mean of a finite list sampled without
 * replacement.
 *
 * <p>Not thread-safe: one thread adds and reads.
 *
 * <pre>{@code
 * ConfidenceSequence cs = new ConfidenceSequence(0.05);
 * for (boolean correct : outcomes) {
 *   cs.add(correct ? 1 : 0);
 * }
 * System.out.println(cs.mean() + " in [" + cs.lower() + ", " + cs.upper() + "]");
 * }</pre>
 */
public final class ConfidenceSequence {
  /** The largest bet; 1/2 as in the paper's experiments. */
  private static final double MAX_LAMBDA = 0.5;
  private final double alpha;
  private final double logTerm;
  private long n;
  private double sum;
  /** μ̂ and σ̂² of the paper: regularised running mean and variance (start 1/2 and 1/4). */
  private double muHat = 0.5;
  private double sumSquares = 0.25;
  private double sigma2Hat = 0.25;
  private double sumLambda;
  private double sumLambdaX;
  private double sumPenalty;
  private double lower;
  private double upper = 1;

  /**
   * A sequence at confidence {@code 1 - alpha}.
   *
   * @throws IllegalArgumentException if {@code alpha} is not in (0, 1)
   */
  public ConfidenceSequence(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1) (was " + alpha
          + "); pass e.g. 0.05 for 95 % confidence");
    }
    this.alpha = alpha;
    this.logTerm = Math.log(2 / alpha);
  }

  /**
   * Adds one observation.
   *
   * @throws IllegalArgumentException if {@code x} is not in [0, 1]
   */
  public void add(double x) {
    if (!(x >= 0 && x <= 1)) {
      throw new IllegalArgumentException("observation must be in [0, 1] (was " + x
          + "); rescale bounded values to [0, 1] first");
    }
    long t = n + 1;
    double lambda = Math.min(Math.sqrt(2 * logTerm / (sigma2Hat * t * Math.log1p(t))), MAX_LAMBDA);
    double deviation = x - muHat; // against the mean before x: the bet is predictable
    // v_i psi_E(lambda_i) with v_i = 4 (x - mu)^2 and psi_E(l) = (-log(1 - l) - l) / 4
    sumPenalty += deviation * deviation * (-Math.log1p(-lambda) - lambda);
    sumLambda += lambda;
    sumLambdaX += lambda * x;
    n = t;
    sum += x;
    muHat = (0.5 + sum) / (t + 1);
    double d = x - muHat;
    sumSquares += d * d;
    sigma2Hat = sumSquares / (t + 1);
    double centre = sumLambdaX / sumLambda;
    double radius = (logTerm + sumPenalty) / sumLambda;
    lower = Math.max(lower, centre - radius);
    upper = Math.min(upper, centre + radius);
    if (lower > upper) {
      // the intersection emptied: a (1 - alpha)-rare event or a mean that moved; keep a point
      double mid = (lower + upper) / 2;
      lower = mid;
      upper = mid;
    }
  }

  /** Observations added. */
  public long count() {
    return n;
  }

  /** The plain average, NaN before the first observation. */
  public double mean() {
    return n == 0 ? Double.NaN : sum / n;
  }

  /** The lower end, 0 before the first observation. */
  public double lower() {
    return lower;
  }

  /** The upper end, 1 before the first observation. */
  public double upper() {
    return upper;
  }

  /** The error this sequence was built for: {@code 1 - confidence}. */
  public double alpha() {
    return alpha;
  }
}
