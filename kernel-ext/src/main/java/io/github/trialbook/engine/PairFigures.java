package io.github.trialbook.engine;

import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.event.LiveMetrics.Estimate;
import io.github.trialbook.stats.ConfidenceSequence;

/**
 * The difference between two configs on the primary metric, over the inputs both finished, in
 * queue order. For a mean (accuracy, recall over the true positives, a score) it is one
 * confidence sequence over the per-input differences, which pairing makes narrow. Precision and
 * F1 are ratios whose denominators depend on each config's own predictions, so they have no
 * per-input difference: each config gets its own sequence over the paired inputs at half the
 * error, and the difference's interval spans theirs (valid by the union bound, wider). Monitor
 * thread only.
 */
final class PairFigures {
  int cursor;
  private final String metric;
  private final boolean ratio;
  private final ConfidenceSequence meanDifference;
  private final ConfidenceSequence first;
  private final ConfidenceSequence second;
  private long pairs;
  private double sumDifference;
  private long tpA;
  private long fpA;
  private long fnA;
  private long tpB;
  private long fpB;
  private long fnB;

  PairFigures(String metric, double alpha) {
    this.metric = metric;
    this.ratio = Evaluate.PRECISION.equals(metric) || Evaluate.F1.equals(metric);
    this.meanDifference = ratio ? null : new ConfidenceSequence(alpha);
    this.first = ratio ? new ConfidenceSequence(alpha / 2) : null;
    this.second = ratio ? new ConfidenceSequence(alpha / 2) : null;
  }

  /** A per-input difference in [-1, 1]. */
  void addMean(double difference) {
    pairs++;
    sumDifference += difference;
    meanDifference.add((difference + 1) / 2);
  }

  /** One input both configs classified, for precision or F1. */
  void addRatios(boolean truthPositive, boolean predictedA, boolean predictedB) {
    pairs++;
    boolean precision = Evaluate.PRECISION.equals(metric);
    add(first, truthPositive, predictedA, precision);
    add(second, truthPositive, predictedB, precision);
    if (predictedA) {
      tpA += truthPositive ? 1 : 0;
      fpA += truthPositive ? 0 : 1;
    } else if (truthPositive) {
      fnA++;
    }
    if (predictedB) {
      tpB += truthPositive ? 1 : 0;
      fpB += truthPositive ? 0 : 1;
    } else if (truthPositive) {
      fnB++;
    }
  }

  private static void add(ConfidenceSequence cs, boolean truth, boolean predicted,
      boolean precision) {
    if (precision ? predicted : truth || predicted) {
      cs.add(truth && predicted ? 1 : 0);
    }
  }

  long pairedInputs() {
    return pairs;
  }

  /** First minus second with its anytime-valid interval, or null before the first pair. */
  Estimate difference() {
    if (pairs == 0) {
      return null;
    }
    if (!ratio) {
      return Estimate.live(sumDifference / pairs, 2 * meanDifference.lower() - 1,
          2 * meanDifference.upper() - 1);
    }
    boolean precision = Evaluate.PRECISION.equals(metric);
    double a = precision ? share(tpA, tpA + fpA) : ConfigFigures.f1(share(tpA, tpA + fpA + fnA));
    double b = precision ? share(tpB, tpB + fpB) : ConfigFigures.f1(share(tpB, tpB + fpB + fnB));
    double loA = precision ? first.lower() : ConfigFigures.f1(first.lower());
    double hiA = precision ? first.upper() : ConfigFigures.f1(first.upper());
    double loB = precision ? second.lower() : ConfigFigures.f1(second.lower());
    double hiB = precision ? second.upper() : ConfigFigures.f1(second.upper());
    double value = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : a - b;
    return Estimate.live(value, loA - hiB, hiA - loB);
  }

  private static double share(long hits, long of) {
    return of == 0 ? Double.NaN : (double) hits / of;
  }
}
