package io.github.trialbook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Trialbook;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every builder method checks its own argument when it is called, so the stack trace points at the
 * line that set the bad value; only what several settings decide together waits for build().
 */
class BuilderFailsAtTheCallingLineTest {
  record Doc(String id) {}

  static final List<Doc> DOCS = List.of(new Doc("a"), new Doc("b"));

  static BatchSpec.Builder<Doc> ok() {
    return Trialbook.batch("triage", DOCS, Doc::id).stage("s", t -> 1);
  }

  @Test
  void parallelismOutOfRangeThrowsAtTheSetter() {
    BatchSpec.Builder<Doc> b = ok();
    assertThatThrownBy(() -> b.parallelism(0)).isInstanceOf(BatchConfigException.class)
        .hasMessageContainingAll("parallelism", "(was 0)", "parallelism(n)");
    assertThatThrownBy(() -> b.parallelism(BatchSpec.MAX_PARALLELISM + 1))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("(was 4097)");
    assertThat(b.parallelism(BatchSpec.MAX_PARALLELISM).build().parallelism()).isEqualTo(4096);
  }

  @Test
  void aDuplicateOrReservedStageNameThrowsWhereTheStageIsAdded() {
    BatchSpec.Builder<Doc> b = ok();
    assertThatThrownBy(() -> b.stage("s", t -> 2)).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("duplicate stage name 's' in batch triage (stages: [s, s])");
    assertThatThrownBy(() -> b.stage("latency_ms", t -> 2))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("clashes");
    assertThat(b.build().stageNames()).as("the refused stages were not added").containsExactly("s");
  }

  @Test
  void duplicateConfigNamesThrowAtConfigsAndLeaveTheEarlierConfigs() {
    BatchSpec.Builder<Doc> b = ok().configs(Config.of("A"), Config.of("B"));
    assertThatThrownBy(() -> b.configs(Config.of("C"), Config.of("C")))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("duplicate config name 'C'");
    assertThat(b.build().configs()).extracting(Config::name).containsExactly("A", "B");
  }

  @Test
  void theBatchNameInputsAndIdFunctionAreCheckedWhenTheBuilderStarts() {
    assertThatThrownBy(() -> Trialbook.batch("my batch!", DOCS, Doc::id))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("my_batch");
    assertThatThrownBy(() -> Trialbook.<Doc>batch("b", List.of(), Doc::id))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("empty");
    assertThatThrownBy(() -> Trialbook.batch("b", DOCS, null))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("idFunction");
  }

  @Test
  void crossFieldChecksWaitForBuild() {
    // the limit may come after the stage that takes it, so neither call alone fails
    BatchSpec.Builder<Doc> b = ok();
    assertThatCode(() -> b.stage("llm", "gpu", t -> 1)).doesNotThrowAnyException();
    assertThatThrownBy(b::build).hasMessageContaining("resource 'gpu'");
    assertThat(b.limit("gpu", 2).build().limits()).containsEntry("gpu", 2);
    // ids are computed once, at build: a bad id function is found there
    BatchSpec.Builder<Doc> ids = Trialbook.batch("b", DOCS, d -> "same").stage("s", t -> 1);
    assertThatThrownBy(ids::build).hasMessageContaining("1 duplicate input id");
  }

  @Test
  void aNullOnFinishCallbackThrowsAtTheCallAndIsNotAdded() {
    BatchSpec.Builder<Doc> b = ok();
    assertThatThrownBy(() -> b.onFinish(null)).isInstanceOf(BatchConfigException.class)
        .hasMessageContainingAll("onFinish callback cannot be null", "BatchResult r");
    assertThat(b.build().onFinish()).isEmpty();
  }

  @Test
  void toBuilderKeepsTheSettingsAndTheIds() {
    BatchSpec<Doc> spec = ok().configs(Config.of("A"), Config.of("B")).parallelism(3).build();
    BatchSpec<Doc> again = spec.toBuilder().stage("t", t -> 2).build();
    assertThat(again.inputIds()).isEqualTo(spec.inputIds());
    assertThat(again.configs()).isEqualTo(spec.configs());
    assertThat(again.parallelism()).isEqualTo(3);
    assertThat(again.stageNames()).containsExactly("s", "t");
  }
}
