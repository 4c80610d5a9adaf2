package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.store.CheckpointException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 9: selections that matched nothing said nothing. Unknown config names are now
 * an error listing the spec's configs; unknown input ids a note naming the first few; a rerun
 * of a run directory that holds no run a clear error.
 */
class UnknownSelectionSaysNothingTest {
  @TempDir
  Path tmp;

  private final Set<String> ran = ConcurrentHashMap.newKeySet();

  private BatchSpec<String> spec(Path dir) {
    return Trialbook.batch("sel", List.of("d1", "d2", "d3"), s -> s)
        .configs(Config.of("A"), Config.of("B"))
        .stage("s", t -> ran.add(t.key()))
        .runDir(dir)
        .consoleProgress(false)
        .build();
  }

  @BeforeEach
  void firstRun() {
    Trialbook.runBatch(spec(tmp.resolve("run")));
    ran.clear();
  }

  @Test
  void unknownInputIdsAreSkippedWithANoteNamingThem() {
    BatchResult r = Trialbook.rerun(spec(tmp.resolve("run")),
        Select.inputs(List.of("nope-1", "d2")));
    assertThat(ran).containsExactlyInAnyOrder("A/d2", "B/d2");
    assertThat(r.notes()).containsExactly("1 of the 2 ids given to Select.inputs is not an input"
        + " of batch sel and was skipped: nope-1 (check the ids, e.g. the id function)");
    assertThat(r.toText()).contains("note: 1 of the 2 ids given to Select.inputs");
    assertThat(r.toHtml()).contains("note: 1 of the 2 ids");
  }

  @Test
  void manyUnknownIdsNameTheFirstFive() {
    BatchResult r = Trialbook.rerun(spec(tmp.resolve("run")), Select.inputs(
        List.of("x1", "x2", "d1", "x3", "x4", "x5", "x6", "x7")).or(Select.configs("B")));
    assertThat(ran).hasSize(4); // A/d1 and every B trial
    assertThat(r.notes()).singleElement().asString()
        .startsWith("7 of the 8 ids given to Select.inputs are not inputs of batch sel and were "
            + "skipped: x1, x2, x3, x4, x5, ...");
  }

  @Test
  void knownIdsOnlyGiveNoNote() {
    BatchResult r = Trialbook.rerun(spec(tmp.resolve("run")), Select.inputs(List.of("d3")));
    assertThat(r.notes()).isEmpty();
    assertThat(ran).containsExactlyInAnyOrder("A/d3", "B/d3");
  }

  @Test
  void anUnknownConfigIsAnErrorListingTheKnownOnesAndRunsNothing() {
    assertThatThrownBy(() -> Trialbook.rerun(spec(tmp.resolve("run")), Select.configs("gamma")))
        .isInstanceOf(BatchConfigException.class)
        .hasMessage("Select.configs names a config batch sel does not have: gamma; its configs "
            + "are A, B. Fix the name(s)");
    assertThatThrownBy(() -> Trialbook.rerun(spec(tmp.resolve("run")),
        Select.failed().or(Select.configs("A", "gamma", "delta").not())))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("configs batch sel does not have: gamma, delta; its configs are A, B");
    assertThat(ran).isEmpty();
    // the run is untouched: a later rerun works
    assertThat(Trialbook.rerun(spec(tmp.resolve("run")), Select.configs("A")).ok()).isEqualTo(6);
  }

  @Test
  void aRerunOfARunThatDoesNotExistIsAClearError() {
    Path none = tmp.resolve("never-ran");
    assertThatThrownBy(() -> Trialbook.rerun(spec(none), Select.failed()))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("rerun found no run of batch sel in " + none + " (it does not exist)")
        .hasMessageContaining("run runBatch(spec) first");
    assertThat(Files.exists(none)).isFalse();

    Path empty = tmp.resolve("empty");
    assertThatThrownBy(() -> {
      Files.createDirectories(empty);
      Trialbook.rerun(spec(empty), Select.all());
    }).isInstanceOf(CheckpointException.class).hasMessageContaining("it holds no manifest.json");
    assertThat(ran).isEmpty();
  }
}
