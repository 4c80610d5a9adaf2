package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.testing.Invariants;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StagesTest {
  record Label(String label, double score, boolean needsHandoff) {}

  @Test
  void stagesSeeConfigInputAndEarlierOutputsAndMayEndEarly() {
    BatchSpec<Integer> spec = Trialbook.batch("stages", List.of(1, 2, 3, 4), i -> "n" + i)
        .configs(Config.of("A", Map.of("threshold", 2)), Config.of("B", Map.of("threshold", 3)))
        .stage("stage1", t -> new Label(t.input() % 2 == 0 ? "even" : "odd", t.input() / 10.0,
            t.input() > (int) t.config().param("threshold")))
        .stage("stage2", t -> {
          Label first = t.output("stage1");
          return first.needsHandoff() ? new Label(first.label() + "!", 1.0, false)
              : Stage.end(first);
        })
        .stage("stage3", t -> t.<Label>output("stage2").label().length())
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    TrialRecord handedOff = r.record("A/n4").orElseThrow();
    assertThat(((Label) handedOff.output("stage2")).label()).isEqualTo("even!");
    assertThat(handedOff.output("stage3")).isEqualTo(5);
    TrialRecord ended = r.record("B/n2").orElseThrow();
    assertThat(ended.stageStatus(1)).isEqualTo(StageStatus.OK);
    assertThat(ended.stageStatus(2)).isEqualTo(StageStatus.SKIPPED);
    assertThat(ended.output("stage2")).isEqualTo(ended.output("stage1"));
    assertThat(ended.status()).isEqualTo(TrialStatus.OK);
    assertThat(r.progress().doneStages()).isEqualTo(r.progress().totalStages()).isEqualTo(24);
    Invariants.assertConsistent(r);
  }

  @Test
  void askingForALaterStageOutputFailsTheTrialWithAClearMessage() {
    BatchSpec<Integer> spec = Trialbook.batch("later", List.of(1), i -> "n" + i)
        .stage("a", t -> t.output("b"))
        .stage("b", t -> 1)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.failures()).hasSize(1);
    assertThat(r.failures().get(0).error().message())
        .contains("'b'", "not an earlier stage");
  }

  @Test
  void aThrowingStageFailsItsTrialNotTheBatch() {
    BatchSpec<Integer> spec = Trialbook.batch("fails", List.of(1, 2, 3, 4, 5, 6), i -> "n" + i)
        .stage("parse", t -> t.input())
        .stage("check", t -> {
          if (t.input() % 3 == 0) {
            throw new IllegalStateException("bad input " + t.input());
          }
          return "fine";
        })
        .stage("after", t -> "ran")
        .parallelism(3)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(4);
    assertThat(r.failed()).isEqualTo(2);
    TrialRecord failed = r.record("default/n3").orElseThrow();
    assertThat(failed.error().exceptionClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failed.error().message()).isEqualTo("bad input 3");
    assertThat(failed.error().stage()).isEqualTo("check");
    assertThat(failed.error().attempts()).isEqualTo(1);
    assertThat(failed.error().stack()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
    assertThat(failed.error().stack().get(0)).contains("StagesTest");
    assertThat(failed.stageStatus(2)).isEqualTo(StageStatus.NOT_RUN);
    assertThat(failed.output("parse")).isEqualTo(3);
    Invariants.assertConsistent(r);
  }

  @Test
  void recordOutputOfUnknownStageNameIsAnError() {
    BatchSpec<Integer> spec = Trialbook.batch("unknown", List.of(1), i -> "n" + i)
        .stage("a", t -> 1).consoleProgress(false).noCheckpoint().build();
    TrialRecord rec = Trialbook.runBatch(spec).records().get(0);
    assertThatThrownBy(() -> rec.output("zzz")).isInstanceOf(TrialbookException.class)
        .hasMessageContaining("zzz").hasMessageContaining("[a]");
  }
}
