package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
  private static final Config A = new Config("A", Map.of());
  private static final Config B = new Config("B", Map.of());

  @TempDir
  Path tmp;

  private static BatchSpec<String> spec(Path dir) {
    return BatchSpec.<String>builder("demo", List.of("doc-1", "doc-2", "doc-3"), s -> s)
        .configs(A, B).stage("s1", t -> null).stage("s2", t -> null).parallelism(2)
        .consoleProgress(false).runDir(dir).build();
  }

  @Test
  void aSessionFinishedThroughTheCheckpointIsWhatTheNextOpenHandsBack() {
    Path dir = tmp.resolve("run");
    BatchSpec<String> spec = spec(dir);
    Checkpoint first = Checkpoint.open(spec, false);
    assertThat(first.dir()).contains(dir);
    assertThat(first.notes()).isEmpty();
    assertThat(first.nextSeq()).isZero();
    assertThat(first.previous().trials()).isEqualTo(6);
    assertThat(first.previous().count()).isZero();
    TrialRecord ok = Fixtures.ok("B", "doc-2", 0, 1, 2);
    int trial = spec.trialOf(1, 1);
    first.previous().put(trial, ok);
    first.sink().append(trial, ok);
    first.sink().close();
    first.finish(false, first.previous(), List.of());
    assertThat(Manifest.read(dir).status()).isEqualTo(RunStatus.FINISHED);
    assertThat(Manifest.read(dir).counts().ok()).isEqualTo(1);

    Checkpoint again = Checkpoint.open(spec, true);
    try {
      TrialStore previous = again.previous();
      assertThat(previous.get(trial).key()).isEqualTo("B/doc-2");
      assertThat(previous.onLog()).as("read from the log when asked for").isTrue();
      assertThat(previous.count()).isEqualTo(1);
      assertThat(previous.status(trial)).isEqualTo(TrialStatus.OK);
      assertThat(again.nextSeq()).isEqualTo(1);
    } finally {
      again.close();
    }
    assertThat(Manifest.read(dir).status()).as("closed without finish").isEqualTo(RunStatus.CRASHED);
  }

  @Test
  void aRerunNeedsARunAndLeavesNoDirectoryBehind() {
    Path dir = tmp.resolve("none");
    assertThatThrownBy(() -> Checkpoint.open(spec(dir), true))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("rerun found no run of batch demo in " + dir)
        .hasMessageContaining("it does not exist");
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void withoutARunDirectoryNothingIsKept() {
    BatchSpec<String> spec = BatchSpec.<String>builder("demo", List.of("doc-1", "doc-2", "doc-3"),
        s -> s).configs(A).stage("s1", t -> null).consoleProgress(false).noCheckpoint().build();
    Checkpoint none = Checkpoint.open(spec, false);
    assertThat(none.dir()).isEmpty();
    assertThat(none.sink()).isSameAs(TrialSink.none());
    assertThat(none.previous().trials()).isEqualTo(3);
    assertThat(none.previous().count()).isZero();
    assertThat(none.previous().onLog()).isFalse();
    none.finish(true, none.previous(), List.of());
    none.close();
  }
}
