package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.eval.ResultsTable;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * {@code r.table()} against {@code r.table("config", "status")} on the result of a batch of
 * {@code --trials} (default 1,000,000) trials of 2 configs whose stage returns a two-field record:
 * best of {@code --reps} (default 5) after one untimed rep each.
 */
public final class TableColumnsBenchmark {
  private TableColumnsBenchmark() {}

  record Verdict(String label, double score) {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    BatchResult r = Trialbook.runBatch(Trialbook.batch("cols", IntStream.range(0, n / 2).boxed()
            .toList(), Bench::id)
        .configs(io.github.trialbook.batch.Config.of("a"), io.github.trialbook.batch.Config.of("b"))
        .stage("s", t -> new Verdict(t.input() % 2 == 0 ? "even" : "odd", 0.5))
        .noCheckpoint().consoleProgress(false).build());
    double all = Double.MAX_VALUE;
    double few = Double.MAX_VALUE;
    for (int i = -1; i < reps; i++) {
      long t0 = System.nanoTime();
      int a = ResultsTable.of("cols", r.records()).rowCount(); // r.table() would be cached
      long t1 = System.nanoTime();
      int b = r.table("config", "status").rowCount();
      long t2 = System.nanoTime();
      if (i >= 0 && a == b) {
        all = Math.min(all, (t1 - t0) / 1e6);
        few = Math.min(few, (t2 - t1) / 1e6);
      }
    }
    System.out.printf(Locale.ROOT, "%,d trials: table() %.0f ms, table(\"config\", \"status\") %.0f "
        + "ms (best of %d, JDK %s)%n", n, all, few, reps, Runtime.version());
  }
}
