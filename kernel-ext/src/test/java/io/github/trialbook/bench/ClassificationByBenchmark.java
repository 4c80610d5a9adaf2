package io.github.trialbook.bench;

import io.github.trialbook.eval.Metrics;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Workload: a results table of 1,000,000 rows, 10 configs, 5 classes (string labels), 80 %
 * accuracy; {@code Metrics.classification(t, "label", "stage2.prediction").by("config").table()}.
 * Target: at most 300 ms.
 *
 * <p>Baseline, same run: the hand-written way, one pass over Tablesaw rows that counts (config,
 * class) pairs in hash maps (no report built). The ratio is Trialbook time / baseline time.
 *
 * <p>Run: {@code bin/bench classificationBy} (JDK and core count are printed with the figures;
 * the first call in the JVM is the cold figure, the median after {@value #WARMUP} warm-up calls
 * the warm one). Under JMH: {@code bin/bench jmh ClassificationByJmhBenchmark}.
 */
public final class ClassificationByBenchmark {
  private static final int ROWS = 1_000_000;
  private static final int WARMUP = 5;
  private static final int MEASURED = 15;

  private ClassificationByBenchmark() {}

  public static void main(String[] args) {
    Table table = table(ROWS);
    Bench.Timing tb = Bench.timed(WARMUP, MEASURED,
        () -> Metrics.classification(table, "label", "stage2.prediction").by("config").table()
            .rowCount());
    Bench.Timing base = Bench.timed(WARMUP, MEASURED, () -> handWritten(table));
    double trialbook = tb.warmMedianMillis();
    double baseline = base.warmMedianMillis();
    System.out.printf(Locale.ROOT, "JDK %s, %d cores%n", Runtime.version(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "by(config), %,d rows x 10 configs: median %.1f ms warm, "
        + "%.1f ms cold (first call in this JVM) (target <= 300 ms)%n", ROWS, trialbook,
        tb.coldMillis());
    System.out.printf(Locale.ROOT, "baseline (Row loop + HashMap counts): median %.1f ms warm, "
        + "%.1f ms cold (first call, Tablesaw already warm)%n", baseline, base.coldMillis());
    System.out.printf(Locale.ROOT, "ratio trialbook / baseline: %.2f%n", trialbook / baseline);
  }

  static Table table(int rows) {
    SplittableRandom rng = new SplittableRandom(1);
    String[] classes = {"billing", "cancel", "complaint", "other", "upgrade"};
    StringColumn config = StringColumn.create("config");
    StringColumn label = StringColumn.create("label");
    StringColumn pred = StringColumn.create("stage2.prediction");
    for (int i = 0; i < rows; i++) {
      config.append("config-" + (i % 10));
      String t = classes[rng.nextInt(classes.length)];
      label.append(t);
      pred.append(rng.nextDouble() < 0.8 ? t : classes[rng.nextInt(classes.length)]);
    }
    return Table.create("results", config, label, pred);
  }

  static int handWritten(Table table) {
    Map<String, Map<String, int[]>> counts = new HashMap<>();
    for (Row row : table) {
      String truth = row.getString("label");
      String pred = row.getString("stage2.prediction");
      Map<String, int[]> perClass = counts.computeIfAbsent(row.getString("config"),
          k -> new HashMap<>());
      perClass.computeIfAbsent(truth, k -> new int[3])[1]++;
      perClass.computeIfAbsent(pred, k -> new int[3])[2]++;
      if (truth.equals(pred)) {
        perClass.get(truth)[0]++;
      }
    }
    return counts.size();
  }
}
