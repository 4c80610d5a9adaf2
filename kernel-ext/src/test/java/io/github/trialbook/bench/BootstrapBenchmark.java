package io.github.trialbook.bench;

import io.github.trialbook.eval.Bootstrap;
import io.github.trialbook.eval.Metrics;
import java.util.Locale;
import java.util.SplittableRandom;
import tech.tablesaw.api.Table;

/**
 * Workload: 1,000 percentile-bootstrap resamples of 100,000 items, (a) the whole classification
 * report (5 classes: every per-class and averaged precision/recall/F1 per resample), and (b) the
 * generic {@code Bootstrap.interval} of a mean. Target: at most 2 s each.
 *
 * <p>Baseline, same run: the same work with {@code parallel(false)} (one core); the ratio
 * parallel / serial shows what the cores bring. Results are identical in both modes.
 *
 * <p>Run: {@code bin/bench bootstrap} (JDK and core count are printed with the figures, the
 * warm medians first, then the first call of each, cold).
 */
public final class BootstrapBenchmark {
  private static final int ITEMS = 100_000;
  private static final int RESAMPLES = 1_000;
  private static final int WARMUP = 2;
  private static final int MEASURED = 5;

  private BootstrapBenchmark() {}

  public static void main(String[] args) {
    Table table = ClassificationByBenchmark.table(ITEMS);
    double[] values = new SplittableRandom(3).doubles(ITEMS).toArray();
    Bootstrap parallel = Bootstrap.builder().resamples(RESAMPLES).seed(1).build();
    Bootstrap serial = Bootstrap.builder().resamples(RESAMPLES).seed(1).parallel(false).build();

    Bench.Timing reportParallelT = Bench.timed(WARMUP, MEASURED, () -> report(table, parallel));
    Bench.Timing reportSerialT = Bench.timed(WARMUP, MEASURED, () -> report(table, serial));
    Bench.Timing meanParallelT = Bench.timed(WARMUP, MEASURED, () -> mean(values, parallel));
    Bench.Timing meanSerialT = Bench.timed(WARMUP, MEASURED, () -> mean(values, serial));
    double reportParallel = reportParallelT.warmMedianMillis();
    double reportSerial = reportSerialT.warmMedianMillis();
    double meanParallel = meanParallelT.warmMedianMillis();
    double meanSerial = meanSerialT.warmMedianMillis();

    System.out.printf(Locale.ROOT, "JDK %s, %d cores%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "report intervals, %,d resamples x %,d items: parallel %.0f ms, "
        + "serial %.0f ms, ratio %.2f (target <= 2000 ms)%n", RESAMPLES, ITEMS, reportParallel,
        reportSerial, reportParallel / reportSerial);
    System.out.printf(Locale.ROOT, "mean interval,    %,d resamples x %,d items: parallel %.0f ms, "
        + "serial %.0f ms, ratio %.2f (target <= 2000 ms)%n", RESAMPLES, ITEMS, meanParallel,
        meanSerial, meanParallel / meanSerial);
    System.out.printf(Locale.ROOT, "cold (first call of each in this JVM, in this order): report "
        + "parallel %.0f ms, serial %.0f ms; mean parallel %.0f ms, serial %.0f ms%n",
        reportParallelT.coldMillis(), reportSerialT.coldMillis(), meanParallelT.coldMillis(),
        meanSerialT.coldMillis());
  }

  private static int report(Table table, Bootstrap boot) {
    return Metrics.classification(table, "label", "stage2.prediction").confidenceIntervals(boot)
        .table().rowCount();
  }

  private static int mean(double[] values, Bootstrap boot) {
    return (int) (1000 * boot.interval(values.length, idx -> {
      double sum = 0;
      for (int i : idx) {
        sum += values[i];
      }
      return sum / idx.length;
    }).upper());
  }
}
