package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Invariants on random data with fixed seeds. */
class MetricsPropertyTest {
  private static final int TRIALS = 40;

  private static Table randomLabels(SplittableRandom rng, int n, int classes) {
    StringColumn truth = StringColumn.create("label");
    StringColumn pred = StringColumn.create("prediction");
    for (int i = 0; i < n; i++) {
      int t = skewed(rng, classes);
      truth.append("c" + t);
      pred.append("c" + (rng.nextDouble() < 0.3 ? rng.nextInt(classes + 1) : t));
    }
    return Table.create("results", truth, pred);
  }

  private static int skewed(SplittableRandom rng, int classes) {
    int c = 0;
    while (c < classes - 1 && rng.nextDouble() < 0.5) {
      c++;
    }
    return c;
  }

  @Test
  void macroIsAtMostTheBestClassAndMicroF1IsAccuracy() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int trial = 0; trial < TRIALS; trial++) {
      Table t = randomLabels(rng, 20 + rng.nextInt(400), 2 + rng.nextInt(6));
      ClassificationReport report = Metrics.classification(t, "label", "prediction")
          .zeroDivision(ZeroDivision.ZERO);
      Table r = report.table();
      int classes = r.rowCount() - 4;
      for (String m : new String[] {"precision", "recall", "f1"}) {
        double max = r.doubleColumn(m).first(classes).max();
        double min = r.doubleColumn(m).first(classes).min();
        assertThat(report.value("macro avg", m)).isBetween(min - 1e-15, max + 1e-15);
        assertThat(report.value("weighted avg", m)).isBetween(min - 1e-15, max + 1e-15);
      }
      assertThat(report.value("micro avg", "f1"))
          .isCloseTo(report.value("accuracy", "f1"), org.assertj.core.data.Offset.offset(1e-12));
    }
  }

  @Test
  void averagePrecisionAndAucStayInUnitInterval() {
    SplittableRandom rng = new SplittableRandom(12);
    for (int trial = 0; trial < TRIALS; trial++) {
      int n = 10 + rng.nextInt(300);
      IntColumn truth = IntColumn.create("label");
      DoubleColumn score = DoubleColumn.create("score");
      truth.append(0);
      score.append(rng.nextDouble());
      truth.append(1);
      score.append(rng.nextDouble());
      for (int i = 2; i < n; i++) {
        int y = rng.nextDouble() < 0.3 ? 1 : 0;
        truth.append(y);
        score.append(Math.round((rng.nextDouble() + y * rng.nextDouble()) * 20) / 20.0);
      }
      Table t = Table.create("results", truth, score);
      assertThat(Metrics.roc(t, "label", "score").auc()).isBetween(0.0, 1.0);
      assertThat(Metrics.precisionRecall(t, "label", "score").averagePrecision())
          .isBetween(0.0, 1.0);
      if (trial % 10 == 0) {
        Bootstrap boot = Bootstrap.builder().resamples(100).seed(trial).build();
        Bootstrap.Interval auc = Metrics.roc(t, "label", "score").aucInterval(boot);
        assertThat(auc.estimate()).isEqualTo(Metrics.roc(t, "label", "score").auc());
        assertThat(auc.lower()).isBetween(0.0, auc.upper());
        assertThat(auc.upper()).isLessThanOrEqualTo(1.0);
        assertThat(Metrics.roc(t, "label", "score").aucInterval(boot)).isEqualTo(auc);
        Bootstrap.Interval ap = Metrics.precisionRecall(t, "label", "score")
            .averagePrecisionInterval(boot);
        assertThat(ap.lower()).isBetween(0.0, 1.0);
        assertThat(ap.upper()).isBetween(ap.lower(), 1.0);
      }
      ThresholdSweep sweep = Metrics.thresholds(t, "label", "score");
      assertThat(sweep.bestF1()).isEqualTo(sweep.table().doubleColumn("f1").max());
    }
  }

  @Test
  void bootstrapIntervalContainsThePointEstimate() {
    SplittableRandom rng = new SplittableRandom(13);
    Bootstrap boot = Bootstrap.builder().resamples(200).seed(5).build();
    for (int trial = 0; trial < 10; trial++) {
      Table t = randomLabels(rng, 200 + rng.nextInt(300), 3);
      Table r = Metrics.classification(t, "label", "prediction").zeroDivision(ZeroDivision.ZERO)
          .confidenceIntervals(boot).table();
      for (int row = 0; row < r.rowCount(); row++) {
        for (String m : new String[] {"precision", "recall", "f1"}) {
          double v = r.doubleColumn(m).getDouble(row);
          if (Double.isNaN(v)) {
            continue;
          }
          assertThat(v).as("%s %s", r.stringColumn("class").get(row), m)
              .isBetween(r.doubleColumn(m + "_lower").getDouble(row),
                  r.doubleColumn(m + "_upper").getDouble(row));
        }
      }
    }
  }
}
