package io.github.trialbook.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Audit;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Budget;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.EarlyStop;
import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.Order;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SparkRunner on {@code local[2]}: one JVM, the whole path from spec to run directory. */
class SparkRunnerLocalTest {
  private static SparkSession spark;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startSpark() {
    spark = TestCluster.start("local[2]");
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static List<String> docs(int n) {
    return IntStream.range(0, n).mapToObj(i -> "doc-" + i).toList();
  }

  private BatchSpec.Builder<String> spec(Path runDir, int inputs) {
    return BatchSpec.builder("local", docs(inputs), s -> s)
        .configs(Config.of("A", Map.of("api_key", "sk-secret-123")), Config.of("B"))
        .stage("len", t -> t.input().length())
        .stage("check", t -> {
          if (t.input().endsWith("7")) {
            throw new IllegalStateException("no sevens, key " + t.config().param("api_key", String.class));
          }
          return t.<Integer>output("len") * 2;
        })
        .runDir(runDir)
        .consoleProgress(false);
  }

  @Test
  void everyTrialIsRecordedOnceAndTheRunWorksUnchanged() throws Exception {
    Path dir = tmp.resolve("run");
    BatchResult r = SparkRunner.on(spark).partitionSize(16).runBatch(spec(dir, 100).build());

    assertThat(r.isCancelled()).isFalse();
    assertThat(r.records()).hasSize(200);
    assertThat(r.ok()).isEqualTo(180);
    assertThat(r.failed()).isEqualTo(20);
    assertThat(TrialLogs.finishedPerKey(dir)).hasSize(200).allSatisfy((k, n) -> assertThat(n)
        .isEqualTo(1));
    assertThat(Files.readString(dir.resolve("trials.jsonl"))).doesNotContain("sk-secret-123")
        .contains("no sevens");
    assertThat(r.record("A/doc-3").orElseThrow().output("check")).isEqualTo(10);

    BatchResult opened = Trialbook.open(dir);
    assertThat(opened.records()).hasSize(200);
    assertThat(opened.table().rowCount()).isEqualTo(200);
    Audit audit = Trialbook.audit(dir);
    assertThat(audit.expectedCases()).isEqualTo(200);
    assertThat(audit.missingCases()).isZero();
    assertThat(audit.failedCases()).isEqualTo(20);
    assertThat(opened.report().toString()).isNotNull();

    BatchResult resumed = SparkRunner.on(spark).runBatch(spec(dir, 100).build());
    assertThat(resumed.progress().resumedTrials()).isEqualTo(200);
    assertThat(TrialLogs.finishedPerKey(dir).values()).containsOnly(1);

    BatchResult rerun = SparkRunner.on(spark).rerun(spec(dir, 100).build(), Select.failed());
    assertThat(rerun.records()).hasSize(200);
    assertThat(rerun.history("A/doc-7")).hasSize(2);
  }

  @Test
  void aStageCapturingSomethingNotSerializableIsRefusedBeforeTheJob() {
    Object lock = new Object();
    BatchSpec<String> spec = BatchSpec.builder("capture", docs(3), s -> s)
        .stage("locked", t -> {
          synchronized (lock) {
            return t.input();
          }
        })
        .runDir(tmp.resolve("capture")).consoleProgress(false).build();

    assertThatThrownBy(() -> SparkRunner.on(spark).runBatch(spec))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("stage 'locked'")
        .hasMessageContaining("java.lang.Object");
  }

  /**
   * evaluate, earlyStop and budget are refused before anything runs (not even the run directory),
   * each named with its fix; the same spec runs locally, as the message says.
   */
  @Test
  void liveMetricsEarlyStopsAndBudgetsAreRefusedBeforeTheJobWithTheWayOut() {
    Path dir = tmp.resolve("metrics");
    BatchSpec.Builder<String> metrics = BatchSpec.builder("metrics", docs(60), s -> s)
        .configs(Config.of("A"), Config.of("B"))
        .stage("label", t -> t.input().endsWith("3") ? "y" : "x")
        .evaluate(Evaluate.classification(s -> "x", "label"))
        .runDir(dir).consoleProgress(false);

    assertThatThrownBy(() -> SparkRunner.on(spark).runBatch(metrics.build()))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("batch metrics cannot run on Spark: it has evaluate(...) (live metrics")
        .hasMessageContaining("Trialbook.classification(r.table(), truth, prediction)")
        .hasMessageEndingWith("to keep it, run the spec locally with Trialbook.runBatch(spec)")
        .message().doesNotContain("earlyStop").doesNotContain("budget");
    BatchSpec<String> all = metrics.earlyStop(EarlyStop.whenBehind("accuracy"))
        .order(Order.shuffled(7)).budget(Budget.usd(5)).build();
    assertThatThrownBy(() -> SparkRunner.on(spark).rerun(all, Select.failed()))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("evaluate(...)").hasMessageContaining("; and earlyStop(...)")
        .hasMessageContaining("earlyStop(EarlyStop.never())").hasMessageContaining("; and budget(...)")
        .hasMessageContaining("budget(Budget.none())").hasMessageContaining("to keep them, run the spec locally");
    assertThatThrownBy(() -> SparkRunner.on(spark).startBatch(all)).isInstanceOf(BatchConfigException.class);
    assertThat(dir).as("refused before the run directory is opened").doesNotExist();

    BatchResult local = Trialbook.runBatch(all);
    assertThat(local.ok()).isEqualTo(120);
    assertThat(local.metrics().rowCount()).isEqualTo(2);
  }
}
