package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 6: an input id with an unpaired surrogate ran (2 ok rows) but vanished on
 * reopen ({@code input-ids.txt} held {@code bad?id}), and resume did not rerun it. Such ids are
 * refused before anything runs, naming the id's position and why; well-formed ids outside the
 * BMP and config params with a lone surrogate keep working.
 */
class UnpairedSurrogateInputIdVanishesTest {
  @TempDir
  Path tmp;

  @Test
  void anIdWithAnUnpairedSurrogateIsRefusedNamingItsPosition() {
    AtomicInteger ran = new AtomicInteger();
    Path dir = tmp.resolve("run");
    assertThatThrownBy(() -> Trialbook.batch("ids", List.of("x0", "bad\uD800id"), s -> s)
        .stage("s", t -> ran.incrementAndGet()).runDir(dir).build())
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("input id of inputs[1] (\"bad\\uD800id\") is not valid Unicode")
        .hasMessageContaining("char 3 is an unpaired surrogate (\\uD800)")
        .hasMessageContaining("well-formed");
    assertThat(ran).hasValue(0);
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void aLowSurrogateAloneOrAHighOneAtTheEndIsRefusedToo() {
    assertThatThrownBy(() -> Trialbook.batch("ids", List.of("\uDC00x"), s -> s)
        .stage("s", t -> 1).noCheckpoint().build())
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("inputs[0]")
        .hasMessageContaining("char 0 is an unpaired surrogate (\\uDC00)");
    assertThatThrownBy(() -> Trialbook.batch("ids", List.of("ok", "end\uD83D"), s -> s)
        .stage("s", t -> 1).noCheckpoint().build())
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("inputs[1]")
        .hasMessageContaining("char 3 is an unpaired surrogate (\\uD83D)");
  }

  @Test
  void wellFormedIdsOutsideTheBmpAndSurrogateParamsSurviveAReopen() {
    String emoji = "doc-\uD83D\uDE00"; // a proper pair: U+1F600
    String param = "half \uD800 a pair";
    BatchSpec<String> spec = Trialbook.batch("ids", List.of("x0", emoji), s -> s)
        .configs(Config.of("A", Map.of("prompt", param)))
        .stage("s", t -> t.inputId().length()).runDir(tmp.resolve("run"))
        .consoleProgress(false).build();
    assertThat(Trialbook.runBatch(spec).ok()).isEqualTo(2);

    BatchResult opened = Trialbook.open(tmp.resolve("run"));
    assertThat(opened.records()).extracting(TrialRecord::inputId).containsExactly("x0", emoji);
    BatchResult resumed = Trialbook.runBatch(spec); // same fingerprint: nothing runs again
    assertThat(resumed.progress().resumedTrials()).isEqualTo(2);
    assertThat(resumed.ok()).isEqualTo(2);
  }
}
