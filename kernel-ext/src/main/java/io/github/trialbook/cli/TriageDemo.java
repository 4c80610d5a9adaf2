package io.github.trialbook.cli;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.Stage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tech.tablesaw.api.Table;

/**
 * A console demo: three configs triage a few hundred synthetic documents through a cheap
 * classifier, a hand-off check and a rate-limited "model" stage with simulated latency and flaky
 * failures (retried). Shows live progress, then the results table and counts per config.
 */
public final class TriageDemo {
  private TriageDemo() {}

  /** A synthetic document: its id, a difficulty in [0, 1) and the true label. */
  public record Doc(String id, double difficulty, boolean positive) {}

  /** What a stage decides. */
  public record Verdict(boolean positive, double score, boolean needsHandoff) {}

  /** What {@code demo --help} prints: one line per option. */
  public static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar demo [options]
      runs an example batch (3 configs, 3 stages, retries) in the console with live text progress
        --inputs N   how many synthetic documents each config triages (default 300)
        -h, --help   prints this help""";

  public static void main(String[] args) throws IOException {
    run(inputs(List.of(args)));
  }

  /**
   * The number of inputs the options ask for; an unknown option or a bad value is an
   * {@link IllegalArgumentException} naming it.
   */
  public static int inputs(List<String> options) {
    int n = 300;
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (!option.equals("--inputs")) {
        throw new IllegalArgumentException("demo: unknown option '" + option
            + "'; run demo --help for the options");
      }
      if (++i == options.size()) {
        throw new IllegalArgumentException("demo: --inputs needs a value, e.g. --inputs 300");
      }
      String value = options.get(i);
      try {
        n = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        n = 0;
      }
      if (n < 1) {
        throw new IllegalArgumentException("demo: --inputs must be a positive whole number (was '"
            + value + "'); e.g. --inputs 300");
      }
    }
    return n;
  }

  /** Runs the demo batch over {@code n} documents and prints its results. */
  public static void run(int n) throws IOException {
    Random random = new Random(7);
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double difficulty = random.nextDouble();
      docs.add(new Doc(String.format("doc-%04d", i), difficulty, random.nextDouble() < 0.3));
    }
    BatchSpec<Doc> spec = Trialbook.batch("triage-demo", docs, Doc::id)
        .configs(Config.of("small", Map.of("noise", 0.35)), Config.of("medium",
            Map.of("noise", 0.2)), Config.of("large", Map.of("noise", 0.1)))
        .stage("stage1", t -> {
          Thread.sleep(3);
          return verdict(t.input(), t.config().param("noise"), 1);
        })
        .stage("stage2", t -> {
          Verdict first = t.output("stage1");
          return first.needsHandoff() ? verdict(t.input(), 0.05, 2) : Stage.end(first);
        })
        .stage("llm", "gpu", t -> {
          Thread.sleep(20);
          if (t.input().id().hashCode() % 17 == 0 && t.attempt() == 1) {
            throw new IOException("model server busy (simulated)");
          }
          return verdict(t.input(), 0.02, 3).positive();
        })
        .limit("gpu", 2)
        .parallelism(8)
        .retry(Retry.exponential(3, Duration.ofMillis(50), Duration.ofMillis(500)))
        .timeout(Duration.ofSeconds(10))
        .runDir(java.nio.file.Files.createTempDirectory("trialbook-demo"))
        .build();
    BatchResult result = Trialbook.runBatch(spec);
    Table table = result.table();
    System.out.println();
    System.out.println(table.first(8).print());
    System.out.println(table.xTabCounts("config", "status").print());
    System.out.printf("%d trials in %s: %d ok, %d failed; checkpoint in %s%n",
        result.records().size(), result.elapsed(), result.ok(),
        result.failed() + result.timedOut(), result.runDir().orElseThrow());
  }

  static Verdict verdict(Doc doc, double noise, int salt) {
    Random r = new Random(doc.id().hashCode() * 31L + salt);
    boolean flip = r.nextDouble() < noise * (0.5 + doc.difficulty());
    double score = doc.positive() ^ flip ? 0.5 + r.nextDouble() / 2 : r.nextDouble() / 2;
    return new Verdict(score >= 0.5, score, Math.abs(score - 0.5) < 0.2);
  }
}
