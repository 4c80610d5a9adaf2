package io.github.trialbook.bench;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The report of a large run: {@code --trials} (default 100,000) two-stage trials over 4 configs on
 * 8 workers, 1 % failing in 3 message patterns, checkpointed to a temp directory; then
 * {@code Trialbook.report(runDir).writeHtml(...)} timed from the run directory (reading it
 * included), first in this JVM (cold) and then {@code --reps} more times (warm), with the HTML size.
 *
 * <p>Run: {@code bin/bench report [--trials 100000] [--reps 5]}. Target: ≤ 5 s and ≤ 5 MB.
 */
public final class ReportBenchmark {
  private ReportBenchmark() {}

  public static void main(String[] args) throws Exception {
    int trials = Bench.intArg(args, "--trials", 100_000);
    int reps = Bench.intArg(args, "--reps", 5);
    Path dir = Files.createTempDirectory("trialbook-bench-report");
    Path runDir = dir.resolve("run");
    List<Config> configs = IntStream.range(0, 4).mapToObj(i -> Config.of("c" + i,
        Map.of("t", i / 10.0))).toList();
    Trialbook.runBatch(Trialbook.batch("report-bench", IntStream.range(0, trials / 4).boxed()
            .toList(), i -> "item-" + i)
        .configs(configs)
        .stage("classify", t -> t.input() % 3 == 0 ? "spam" : "ham")
        .stage("judge", t -> {
          if (t.input() % 100 == 7) {
            throw new IllegalStateException(switch (t.input() % 3) {
              case 0 -> "server said 503 for item " + t.input();
              case 1 -> "timeout after " + (t.input() % 17) + " ms";
              default -> "bad JSON '" + t.input() + "'";
            });
          }
          return t.output("classify");
        })
        .runDir(runDir).parallelism(8).consoleProgress(false).build());
    Path html = dir.resolve("report.html");
    long t0 = System.nanoTime();
    Trialbook.report(runDir).writeHtml(html);
    double cold = (System.nanoTime() - t0) / 1e9;
    double best = Double.MAX_VALUE;
    for (int i = 0; i < reps; i++) {
      long t1 = System.nanoTime();
      Trialbook.report(runDir).writeHtml(html);
      best = Math.min(best, (System.nanoTime() - t1) / 1e9);
    }
    System.out.printf(Locale.ROOT, "report of %d trials: cold %.2f s, warm best of %d %.2f s, HTML "
        + "%.2f MB (targets: <= 5 s, <= 5 MB)%n", trials, cold, reps, best,
        Files.size(html) / 1e6);
  }
}
