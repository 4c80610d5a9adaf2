package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.store.FingerprintMismatchException;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class RerunTest {
  @TempDir
  Path tmp;

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
  private volatile boolean fixed;
  private Path runDir;

  @BeforeEach
  void setUp() {
    runDir = tmp.resolve("run");
  }

  private BatchSpec<Integer> spec() {
    return Trialbook.batch("rerun", IntStream.range(0, 20).boxed().toList(), i -> "doc-" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("score", t -> {
          runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          if (!fixed && t.config().name().equals("B") && t.input() % 4 == 0) {
            throw new IllegalStateException("prompt bug on " + t.inputId());
          }
          return t.input() * (fixed ? 3 : 2);
        })
        .parallelism(4)
        .runDir(runDir)
        .consoleProgress(false)
        .build();
  }

  @Test
  void rerunningTheFailuresAppendsToTheRunAndKeepsHistory() {
    BatchResult first = Trialbook.runBatch(spec());
    assertThat(first.failed()).isEqualTo(5);
    fixed = true;
    BatchResult second = Trialbook.rerun(spec(), Select.failed());
    assertThat(second.ok()).isEqualTo(40);
    assertThat(second.progress().resumedTrials()).isEqualTo(35);
    assertThat(runs.get("B/doc-4").get()).isEqualTo(2);
    assertThat(runs.get("B/doc-5").get()).isEqualTo(1);
    assertThat(runs.get("A/doc-4").get()).isEqualTo(1);
    List<TrialRecord> history = second.history("B/doc-4");
    assertThat(history).extracting(TrialRecord::status)
        .containsExactly(TrialStatus.FAILED, TrialStatus.OK);
    assertThat(history.get(0).seq()).isLessThan(history.get(1).seq());
    assertThat(second.table().rowCount()).isEqualTo(40);
    assertThat(second.record("B/doc-4").orElseThrow().output("score")).isEqualTo(12);
    Invariants.assertConsistent(second);

    BatchResult opened = Trialbook.open(runDir);
    assertThat(opened.records()).hasSize(40).allMatch(TrialRecord::isOk);
    assertThat(opened.table().rowCount()).isEqualTo(40);
    assertThat(opened.history("B/doc-8")).hasSize(2);
  }

  @Test
  void rerunOneConfigOrSomeInputsOrAPredicateCombined() {
    Trialbook.runBatch(spec());
    fixed = true;
    runs.clear();
    Trialbook.rerun(spec(), Select.configs("A"));
    assertThat(runs.keySet()).hasSize(20).allMatch(k -> k.startsWith("A/"));
    runs.clear();
    Trialbook.rerun(spec(), Select.inputs(List.of("doc-1", "doc-2")));
    assertThat(runs.keySet()).containsExactlyInAnyOrder("A/doc-1", "B/doc-1", "A/doc-2", "B/doc-2");
    runs.clear();
    BatchResult r = Trialbook.rerun(spec(),
        Select.where(row -> row.getInt("score") >= 30), Select.configs("B").or(Select.failed()));
    // B still holds its first-run outputs (input x 2) except doc-1 and doc-2 (rerun, x 3); its
    // failures (0, 4, 8, 12, 16) have no score, so score >= 30 picks doc-15, 17, 18, 19
    Table t = r.table();
    assertThat(runs.keySet()).containsExactlyInAnyOrder("B/doc-15", "B/doc-17", "B/doc-18",
        "B/doc-19");
    Invariants.assertConsistent(r);
    assertThat(t.rowCount()).isEqualTo(40);
  }

  @Test
  void aChangedSpecIsRefusedUnlessContinued() throws Exception {
    Trialbook.runBatch(spec());
    BatchSpec<Integer> changed = spec().toBuilder()
        .configs(Config.of("A"), Config.of("C")).build();
    assertThatThrownBy(() -> Trialbook.runBatch(changed))
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContainingAll("configs added: C", "configs removed: B", "continueOnMismatch");
    BatchResult continued = Trialbook.runBatch(changed.toBuilder().continueOnMismatch(true).build());
    assertThat(continued.records()).hasSize(40);
    assertThat(continued.progress().resumedTrials()).isEqualTo(20);
    assertThat(Files.readString(runDir.resolve("manifest.json"))).contains("\"C\"");
  }

  @Test
  void rerunWithoutASelectionIsAClearError() {
    assertThatThrownBy(() -> Trialbook.rerun(spec()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Select.failed()");
  }

  @Test
  void selectionsNeedNames() {
    assertThatThrownBy(() -> Select.configs()).hasMessageContaining("at least one");
    assertThat(Set.of(Select.failed().and(Select.configs("A")).toString()))
        .first().asString().contains("failed and configs [A]");
  }
}
