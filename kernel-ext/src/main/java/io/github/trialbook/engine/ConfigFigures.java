package io.github.trialbook.engine;

import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.event.LiveMetrics.Estimate;
import io.github.trialbook.stats.ConfidenceSequence;
import io.github.trialbook.stats.FixedIntervals;

/**
 * One config's running metrics: counts for the point estimates and one confidence sequence per
 * metric. Precision, recall and accuracy are means of 0/1 outcomes over their own inputs (the
 * predicted positives, the true positives, all); F1 is {@code 2J / (1 + J)} of the Jaccard share
 * {@code J = TP / (TP + FP + FN)}, itself a mean over the inputs where truth or prediction is
 * positive, so its interval is that of J mapped through an increasing function: no
 * approximation. Monitor thread only.
 */
final class ConfigFigures {
  long evaluated;
  long missing;
  private long n;
  private long correct;
  private long tp;
  private long fp;
  private long fn;
  private final double alpha;
  private final ConfidenceSequence accuracy;
  private final ConfidenceSequence precision;
  private final ConfidenceSequence recall;
  private final ConfidenceSequence jaccard;
  final ScoreFigures[] scores;

  ConfigFigures(double alpha, int scoreCount) {
    this.alpha = alpha;
    this.accuracy = new ConfidenceSequence(alpha);
    this.precision = new ConfidenceSequence(alpha);
    this.recall = new ConfidenceSequence(alpha);
    this.jaccard = new ConfidenceSequence(alpha);
    this.scores = new ScoreFigures[scoreCount];
    for (int k = 0; k < scoreCount; k++) {
      scores[k] = new ScoreFigures(alpha);
    }
  }

  void addClass(boolean right, boolean truthPositive, boolean predictedPositive, boolean binary) {
    n++;
    correct += right ? 1 : 0;
    accuracy.add(right ? 1 : 0);
    if (!binary) {
      return;
    }
    boolean hit = truthPositive && predictedPositive;
    if (truthPositive) {
      recall.add(hit ? 1 : 0);
    }
    if (predictedPositive) {
      precision.add(hit ? 1 : 0);
    }
    if (truthPositive || predictedPositive) {
      jaccard.add(hit ? 1 : 0);
    }
    tp += hit ? 1 : 0;
    fp += predictedPositive && !truthPositive ? 1 : 0;
    fn += truthPositive && !predictedPositive ? 1 : 0;
  }

  Estimate classEstimate(String metric, boolean withFixed) {
    return switch (metric) {
      case Evaluate.ACCURACY -> proportion(correct, n, accuracy, withFixed);
      case Evaluate.PRECISION -> proportion(tp, tp + fp, precision, withFixed);
      case Evaluate.RECALL -> proportion(tp, tp + fn, recall, withFixed);
      case Evaluate.F1 -> {
        Estimate j = proportion(tp, tp + fp + fn, jaccard, withFixed);
        yield new Estimate(f1(j.value()), f1(j.lower()), f1(j.upper()), f1(j.fixedLower()),
            f1(j.fixedUpper()));
      }
      default -> throw new IllegalArgumentException("no classification metric " + metric);
    };
  }

  Estimate scoreEstimate(int k, double lower, double upper, boolean withFixed) {
    return scores[k].estimate(lower, upper, withFixed);
  }

  private Estimate proportion(long hits, long of, ConfidenceSequence cs, boolean withFixed) {
    double value = of == 0 ? Double.NaN : (double) hits / of;
    if (!withFixed) {
      return Estimate.live(value, cs.lower(), cs.upper());
    }
    double[] w = FixedIntervals.wilson(hits, of, alpha);
    return new Estimate(value, cs.lower(), cs.upper(), w[0], w[1]);
  }

  /** F1 from the Jaccard share; increasing, so it maps interval ends to interval ends. */
  static double f1(double j) {
    return 2 * j / (1 + j);
  }

  /** A bounded score's running mean, on the [0, 1] scale. */
  static final class ScoreFigures {
    private final ConfidenceSequence cs;
    private final double alpha;
    private long n;
    private double sum;
    private double sumSquares;

    ScoreFigures(double alpha) {
      this.alpha = alpha;
      this.cs = new ConfidenceSequence(alpha);
    }

    void add(double scaled) {
      cs.add(scaled);
      n++;
      sum += scaled;
      sumSquares += scaled * scaled;
    }

    Estimate estimate(double lower, double upper, boolean withFixed) {
      double span = upper - lower;
      double value = n == 0 ? Double.NaN : lower + span * sum / n;
      double fixedLow = Double.NaN;
      double fixedHigh = Double.NaN;
      if (withFixed) {
        double[] f = FixedIntervals.normalMean(n, sum, sumSquares, alpha);
        fixedLow = lower + span * Math.max(0, f[0]);
        fixedHigh = lower + span * Math.min(1, f[1]);
      }
      return new Estimate(value, lower + span * cs.lower(), lower + span * cs.upper(), fixedLow,
          fixedHigh);
    }
  }
}
