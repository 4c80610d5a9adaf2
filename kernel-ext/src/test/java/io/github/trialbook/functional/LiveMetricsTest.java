package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchHandle;
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
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.Usage;
import io.github.trialbook.batch.event.LiveMetrics;
import io.github.trialbook.display.ProgressPanel;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Live metrics, early stops, their resume and rerun, and budgets through the real engine and
 * run directory. The fake classifier is right on a fixed share of inputs per config (decided by
 * the input's number, so reruns give the same answers).
 */
class LiveMetricsTest {
  @TempDir
  Path tmp;

  record Doc(String id, String label, int n) {}

  record Answer(String label, int totalTokens, double costUsd) implements Usage {}

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  private static List<Doc> docs(int n) {
    List<Doc> docs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      docs.add(new Doc("d" + i, i % 2 == 0 ? "spam" : "ham", i));
    }
    return docs;
  }

  /** Right on {@code percent} % of inputs (by a hash of the input), wrong on the others. */
  private static String predict(Doc d, int percent, String config) {
    boolean right = Math.floorMod((d.n() * 7919 + config.hashCode()) * 31, 100) < percent;
    return right ? d.label() : d.label().equals("spam") ? "ham" : "spam";
  }

  private BatchSpec.Builder<Doc> builder(Path dir, int inputs) {
    return Trialbook.batch("live", docs(inputs), Doc::id)
        .configs(Config.of("A", Map.of("p", 95)), Config.of("B", Map.of("p", 92)),
            Config.of("C", Map.of("p", 50)))
        .stage("final", t -> {
          runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(1);
          return Map.of("label", predict(t.input(), t.config().intParam("p"), t.config().name()));
        })
        .evaluate(Evaluate.<Doc>classification(Doc::label, "final.label").positiveLabel("spam"))
        .order(Order.shuffled(7))
        .parallelism(4)
        .progressInterval(Duration.ofMillis(10))
        .runDir(dir)
        .consoleProgress(false);
  }

  @Test
  void aClearlyWorseConfigIsStoppedEarlyItsTrialsRecordedStoppedAndAResumeWithoutEarlyStopCompletesThem() {
    Path dir = tmp.resolve("run");
    BatchSpec<Doc> spec = builder(dir, 600)
        .earlyStop(EarlyStop.whenBehind("f1").minTrials(50)).build();
    BatchResult r = Trialbook.runBatch(spec);
    Invariants.assertConsistent(r);

    List<TrialRecord> stopped = r.records().stream()
        .filter(x -> x.status() == TrialStatus.STOPPED).toList();
    assertThat(stopped).isNotEmpty().allMatch(x -> x.config().equals("C"));
    assertThat(stopped.get(0).error().message())
        .matches("stopped early: f1 behind [AB] by 0\\.\\d{3} \\[.*\\] after \\d+ paired inputs");
    assertThat(stopped).allMatch(x -> x.output("final") == null && !runs.containsKey(x.key()));
    assertThat(r.stopped()).isEqualTo(stopped.size());
    assertThat(r.records()).hasSize(1800);

    Table m = r.metrics();
    assertThat(m.stringColumn("config").asList()).containsExactly("A", "B", "C");
    assertThat(m.stringColumn("state").get(2)).isEqualTo("stopped");
    assertThat(m.stringColumn("state").asList().subList(0, 2)).containsOnlyOnce("leader");
    assertThat(m.doubleColumn("f1_fixed_low").get(0)).isBetween(0.8, 1.0);
    assertThat(m.doubleColumn("vs_leader_high").get(2)).isNegative();
    LiveMetrics live = r.progress().metrics();
    assertThat(live.row("C").orElseThrow().missing()).as("stopped trials are not missing").isZero();
    assertThat(live.row("C").orElseThrow().evaluated()).isEqualTo(600 - stopped.size());
    LiveMetrics.Estimate accA = live.row("A").orElseThrow().metrics().get("accuracy");
    assertThat(accA.lower()).isLessThanOrEqualTo(accA.value());
    assertThat(accA.upper()).isGreaterThanOrEqualTo(accA.value());
    assertThat(r.table().stringColumn("status").countOccurrences("stopped")).isEqualTo(stopped.size());
    assertThat(Trialbook.audit(dir).stoppedCases()).isEqualTo(stopped.size());

    String view = ProgressPanel.defaults().render(r.progress()).get("text/plain");
    assertThat(view).contains("stopped early").containsPattern("leader on f1: [AB]");

    // the same spec resumes to nothing: stopped trials are its decision
    int before = runs.size();
    BatchResult again = Trialbook.runBatch(spec);
    assertThat(runs).hasSize(before);
    assertThat(again.stopped()).isEqualTo(stopped.size());

    // without early stopping, the stopped trials run, each once
    BatchResult completed = Trialbook.runBatch(spec.toBuilder().earlyStop(EarlyStop.never())
        .build());
    Invariants.assertConsistent(completed);
    assertThat(completed.stopped()).isZero();
    assertThat(completed.ok()).isEqualTo(1800);
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
    assertThat(completed.history(stopped.get(0).key())).extracting(TrialRecord::status)
        .containsExactly(TrialStatus.STOPPED, TrialStatus.OK);
  }

  @Test
  void rerunOfTheStoppedTrialsCompletesThemAndEqualConfigsAreNotStopped() {
    Path dir = tmp.resolve("rerun");
    BatchSpec<Doc> spec = builder(dir, 400).configs(Config.of("A", Map.of("p", 90)),
        Config.of("B", Map.of("p", 90)), Config.of("C", Map.of("p", 40)))
        .earlyStop(EarlyStop.whenBehind("accuracy").minTrials(30)).build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.records()).filteredOn(x -> x.status() == TrialStatus.STOPPED)
        .isNotEmpty().allMatch(x -> x.config().equals("C"));
    BatchResult rerun = Trialbook.rerun(spec, Select.stopped());
    Invariants.assertConsistent(rerun);
    assertThat(rerun.stopped()).isZero();
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
  }

  @Test
  void failedTrialsCountAsMissingNotAsWrong() {
    BatchSpec<Doc> spec = Trialbook.batch("missing", docs(100), Doc::id)
        .configs(Config.of("A"))
        .stage("final", t -> {
          if (t.input().n() % 10 == 0) {
            throw new IllegalStateException("model down");
          }
          return t.input().label();
        })
        .evaluate(Evaluate.classification(Doc::label, "final"))
        .order(Order.shuffled(1))
        .noCheckpoint()
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    LiveMetrics.Row a = r.progress().metrics().row("A").orElseThrow();
    assertThat(a.evaluated()).isEqualTo(90);
    assertThat(a.missing()).isEqualTo(10);
    assertThat(a.metrics().get("accuracy").value()).isEqualTo(1.0);
    assertThat(a.metrics().get("accuracy").fixedLower()).isBetween(0.9, 1.0);
  }

  @Test
  void aBackgroundBatchShowsItsMetricsTableWhileRunning() throws Exception {
    BatchSpec<Doc> spec = builder(tmp.resolve("bg"), 400).parallelism(2).build();
    BatchHandle h = Trialbook.startBatch(spec);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (h.progress().metrics() == null && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Table live = h.metrics();
    assertThat(live.rowCount()).isEqualTo(3);
    assertThat(live.columnNames()).contains("f1", "f1_low", "f1_high", "vs_leader", "state");
    h.cancel();
    h.await();

    BatchSpec<Doc> plain = Trialbook.batch("plain", docs(3), Doc::id).stage("s", t -> 1)
        .noCheckpoint().consoleProgress(false).build();
    assertThatThrownBy(() -> Trialbook.runBatch(plain).metrics())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("evaluate(");
  }

  @Test
  void anEvaluationThatThrowsIsMissingAndItsMessageIsEscapedInTheView() {
    BatchSpec<Doc> spec = Trialbook.batch("hostile", docs(20), Doc::id)
        .stage("final", t -> t.input().label())
        .evaluate(Evaluate.<Doc>classification(d -> {
          throw new IllegalStateException("<script>alert(1)</script>");
        }, "final"))
        .noCheckpoint()
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.progress().metrics().row("default").orElseThrow().missing()).isEqualTo(20);
    String html = ProgressPanel.defaults().render(r.progress()).get("text/html");
    assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;")
        .contains("natural order");
  }

  @Test
  void earlyStoppingIsRefusedWithoutWhatItNeeds() {
    BatchSpec.Builder<Doc> b = Trialbook.batch("bad", docs(10), Doc::id).stage("final", t -> "x")
        .noCheckpoint();
    assertThatThrownBy(() -> b.earlyStop(EarlyStop.whenBehind("f1")).build())
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("no evaluate(...)");
    b.evaluate(Evaluate.classification(Doc::label, "final"));
    assertThatThrownBy(b::build).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("natural order").hasMessageContaining("Order.shuffled(seed)");
    b.order(Order.shuffled(3));
    assertThatThrownBy(b::build).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("[accuracy]").hasMessageContaining("positiveLabel");
    b.earlyStop(EarlyStop.whenBehind("accuracy"));
    assertThat(b.build().earlyStop().metric()).isEqualTo("accuracy");
    b.evaluate(Evaluate.classification(Doc::label, "nope.label"));
    assertThatThrownBy(b::build).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("column nope.label names no stage");
    assertThatThrownBy(() -> EarlyStop.whenBehind("f1").confidence(1.0))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("confidence");
    assertThatThrownBy(() -> Evaluate.<Doc>score("judge", t -> 1).bounds(2, 1))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("lower < upper");
    assertThatThrownBy(() -> Budget.usd(-1)).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("Budget.usd(20)");
  }

  @Test
  void aBudgetStopsTakingTrialsEndsCancelledAndAResumeWithMoreRunsTheRestOnce() {
    Path dir = tmp.resolve("budget");
    BatchSpec.Builder<Doc> b = Trialbook.batch("budget", docs(200), Doc::id)
        .stage("llm", t -> {
          runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(1);
          return new Answer(t.input().label(), 100, 0.01);
        })
        .parallelism(2)
        .runDir(dir)
        .consoleProgress(false);
    BatchResult r = Trialbook.runBatch(b.budget(Budget.usd(0.5)).build());
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.ok()).isBetween(48L, 51L);
    assertThat(r.notes()).anyMatch(n -> n.startsWith("budget $0.50 reached"));
    assertThat(r.progress().configs().get(0).costUsd()).isCloseTo(r.ok() * 0.01,
        org.assertj.core.data.Offset.offset(1e-9));
    assertThat(r.table().doubleColumn("llm.costUsd").sum()).isCloseTo(r.ok() * 0.01,
        org.assertj.core.data.Offset.offset(1e-9));
    Invariants.assertConsistent(r);

    BatchResult rest = Trialbook.runBatch(b.budget(Budget.tokens(1_000_000)).build());
    Invariants.assertConsistent(rest);
    assertThat(rest.ok()).isEqualTo(200);
    assertThat(rest.progress().configs().get(0).tokens()).isEqualTo(20_000);
    assertThat(rest.toText()).contains("spent: default 20,000 tokens $2.0000");
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
  }
}
