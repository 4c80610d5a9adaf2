package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class BootstrapTest {
  private static final double[] VALUES = new SplittableRandom(1).doubles(500).toArray();

  private static double mean(int[] idx) {
    double sum = 0;
    for (int i : idx) {
      sum += VALUES[i];
    }
    return sum / idx.length;
  }

  @Test
  void sameSeedGivesTheSameIntervalSerialOrParallel() {
    Bootstrap parallel = Bootstrap.builder().resamples(300).seed(42).build();
    Bootstrap serial = Bootstrap.builder().resamples(300).seed(42).parallel(false).build();
    Bootstrap.Interval a = parallel.interval(VALUES.length, BootstrapTest::mean);
    Bootstrap.Interval b = serial.interval(VALUES.length, BootstrapTest::mean);
    assertThat(a).isEqualTo(b);
    Bootstrap.Interval other = Bootstrap.builder().resamples(300).seed(43).build()
        .interval(VALUES.length, BootstrapTest::mean);
    assertThat(other.lower()).isNotEqualTo(a.lower());
  }

  @Test
  void intervalOfTheMeanIsNearTheNormalApproximation() {
    Bootstrap.Interval ci = Bootstrap.builder().resamples(2000).seed(7).build()
        .interval(VALUES.length, BootstrapTest::mean);
    double m = mean(java.util.stream.IntStream.range(0, VALUES.length).toArray());
    double sd = Math.sqrt(1.0 / 12 / VALUES.length);
    assertThat(ci.estimate()).isEqualTo(m);
    assertThat(ci.lower()).isCloseTo(m - 1.96 * sd, org.assertj.core.data.Offset.offset(sd * 0.3));
    assertThat(ci.upper()).isCloseTo(m + 1.96 * sd, org.assertj.core.data.Offset.offset(sd * 0.3));
    assertThat(ci.contains(m)).isTrue();
    assertThat(ci.toString()).contains("95%").contains("2000 resamples");
  }

  @Test
  void percentileInterpolatesLikeNumpy() {
    double[] sorted = {1, 2, 3, 4};
    assertThat(Bootstrap.percentile(sorted, 4, 0.025)).isCloseTo(1.075,
        org.assertj.core.data.Offset.offset(1e-12));
    assertThat(Bootstrap.percentile(sorted, 4, 0.975)).isCloseTo(3.925,
        org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void reportIntervalsAreReproducible() {
    StringColumn truth = StringColumn.create("label");
    StringColumn pred = StringColumn.create("prediction");
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < 400; i++) {
      String t = rng.nextBoolean() ? "a" : "b";
      truth.append(t);
      pred.append(rng.nextDouble() < 0.8 ? t : "c");
    }
    Table table = Table.create("results", truth, pred);
    Bootstrap boot = Bootstrap.builder().resamples(100).seed(1).build();
    Table first = Metrics.classification(table, "label", "prediction").confidenceIntervals(boot).table();
    Table second = Metrics.classification(table, "label", "prediction").confidenceIntervals(boot).table();
    assertThat(first.columnNames()).contains("f1_lower", "f1_upper", "precision_lower");
    assertThat(first.doubleColumn("f1_lower").asDoubleArray())
        .containsExactly(second.doubleColumn("f1_lower").asDoubleArray());
    assertThat(Metrics.classification(table, "label", "prediction").confidenceIntervals(boot)
        .toText()).contains("95% percentile bootstrap, 100 resamples, seed 1");
  }

  @Test
  void badSettingsAreRefusedWithTheFix() {
    assertThatThrownBy(() -> Bootstrap.builder().resamples(5))
        .hasMessageContaining("resamples must be at least 10 (was 5)");
    assertThatThrownBy(() -> Bootstrap.builder().confidence(1.5))
        .hasMessageContaining("confidence must be between 0 and 1").hasMessageContaining("1.5");
  }
}
