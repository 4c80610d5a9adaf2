package io.github.trialbook.eval;

import java.util.Locale;

/**
 * McNemar's test of paired correctness: {@code b} items only A got right, {@code c} only B. With
 * fewer than {@link #EXACT_BELOW} discordant items the p-value is the exact two-sided binomial
 * ({@code 2·P(X ≤ min(b, c))}, X ~ Bin(b + c, ½), capped at 1); otherwise the continuity-corrected
 * chi-square {@code (|b − c| − 1)² / (b + c)} with one degree of freedom.
 *
 * <pre>{@code
 * McNemar test = McNemar.of(12, 3);
 * boolean real = test.pValue() < 0.05;
 * }</pre>
 *
 * @param onlyA items A classified correctly and B did not
 * @param onlyB items B classified correctly and A did not
 * @param pValue two-sided p-value (1 when there is no discordant item)
 * @param exact whether the exact binomial was used
 */
public record McNemar(long onlyA, long onlyB, double pValue, boolean exact) {
  /** Discordant counts below this use the exact binomial test. */
  public static final int EXACT_BELOW = 25;

  public static McNemar of(long onlyA, long onlyB) {
    if (onlyA < 0 || onlyB < 0) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "discordant counts must be >= 0 (were %d, %d); pass counts of items", onlyA, onlyB));
    }
    long n = onlyA + onlyB;
    if (n == 0) {
      return new McNemar(onlyA, onlyB, 1.0, true);
    }
    if (n < EXACT_BELOW) {
      return new McNemar(onlyA, onlyB, exactP(Math.min(onlyA, onlyB), n), true);
    }
    double diff = Math.abs(onlyA - onlyB) - 1.0;
    double chi2 = diff * diff / n;
    return new McNemar(onlyA, onlyB, chiSquare1Sf(chi2), false);
  }

  public String test() {
    return exact ? "exact binomial" : "chi-square (continuity corrected)";
  }

  private static double exactP(long k, long n) {
    double term = Math.pow(0.5, n);
    double sum = 0;
    for (long i = 0; i <= k; i++) {
      sum += term;
      term = term * (n - i) / (i + 1);
    }
    return Math.min(1.0, 2 * sum);
  }

  /** P(χ²₁ > x) = Q(½, x/2), the regularised upper incomplete gamma function. */
  static double chiSquare1Sf(double x) {
    if (x <= 0) {
      return 1.0;
    }
    return upperGammaHalf(x / 2);
  }

  /** Q(½, z) by series (z < 1.5) or Lentz's continued fraction, as Numerical Recipes' gammq. */
  private static double upperGammaHalf(double z) {
    double a = 0.5;
    double logPrefix = -z + a * Math.log(z) - 0.5 * Math.log(Math.PI);
    if (z < a + 1) {
      double sum = 1.0 / a;
      double del = sum;
      for (int n = 1; n < 500; n++) {
        del *= z / (a + n);
        sum += del;
        if (Math.abs(del) < Math.abs(sum) * 1e-17) {
          break;
        }
      }
      return 1.0 - sum * Math.exp(logPrefix);
    }
    double tiny = 1e-300;
    double b = z + 1 - a;
    double c = 1 / tiny;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < 500; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < tiny ? tiny : d;
      c = b + an / c;
      c = Math.abs(c) < tiny ? tiny : c;
      d = 1 / d;
      double del = d * c;
      h *= del;
      if (Math.abs(del - 1) < 1e-17) {
        break;
      }
    }
    return Math.exp(logPrefix) * h;
  }
}
