package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 10: {@code history(key)} reopened and decoded the whole run on every call
 * (O(N²) to check every key). A result now reads its history once, at the first call: after that
 * the log can be moved away and every key still answers, from memory.
 */
class HistoryRereadsWholeRunTest {
  @TempDir
  Path tmp;

  private volatile boolean fixed;

  private BatchSpec<Integer> spec() {
    return Trialbook.batch("history", IntStream.range(0, 1500).boxed().toList(), i -> "doc-" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("score", t -> {
          if (!fixed && t.config().name().equals("B") && t.input() % 3 == 0) {
            throw new IllegalStateException("flaky " + t.inputId());
          }
          return t.input() * (fixed ? 3 : 2);
        })
        .parallelism(2)
        .runDir(tmp.resolve("run"))
        .consoleProgress(false)
        .build();
  }

  @Test
  void everyKeyOfA3000RecordRunAnswersFromOneRead() throws Exception {
    assertThat(Trialbook.runBatch(spec()).records()).hasSize(3000);
    fixed = true;
    BatchResult rerun = Trialbook.rerun(spec(), Select.failed());
    BatchResult opened = Trialbook.open(tmp.resolve("run"));

    for (BatchResult r : List.of(rerun, opened)) {
      assertThat(r.history("B/doc-0")).extracting(TrialRecord::status)
          .containsExactly(TrialStatus.FAILED, TrialStatus.OK);
    }
    Path log = tmp.resolve("run/trials.jsonl");
    Files.move(log, tmp.resolve("moved-away.jsonl")); // a re-read would now find nothing

    for (BatchResult r : List.of(rerun, opened)) {
      int twice = 0;
      for (TrialRecord latest : r.records()) {
        List<TrialRecord> history = r.history(latest.key());
        assertThat(history).isNotEmpty();
        assertThat(history.get(history.size() - 1).seq()).isEqualTo(latest.seq());
        assertThat(history.get(history.size() - 1).output("score"))
            .isEqualTo(latest.output("score"));
        if (history.size() == 2) {
          twice++;
          assertThat(history.get(0).status()).isEqualTo(TrialStatus.FAILED);
          assertThat(history.get(0).seq()).isLessThan(history.get(1).seq());
          assertThat(latest.config()).isEqualTo("B");
        }
      }
      assertThat(twice).isEqualTo(500);
      assertThat(r.history("A/doc-99999")).isEmpty();
    }
  }

  @Test
  void aResultWithoutARunDirectoryAnswersFromItsRecords() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("mem", List.of("a", "b"), s -> s)
        .stage("s", t -> t.inputId()).noCheckpoint().consoleProgress(false).build());
    assertThat(r.history("default/b")).singleElement()
        .satisfies(t -> assertThat(t.output("s")).isEqualTo("b"));
    assertThat(r.history("default/c")).isEmpty();
  }
}
