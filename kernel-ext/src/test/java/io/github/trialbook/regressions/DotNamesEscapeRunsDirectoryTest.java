package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11, item 7: names {@code .} and {@code ..} passed the name rule, so a batch named
 * {@code ..} checkpointed into the working directory and {@code .} into {@code runs/} itself.
 * Every name that is only dots is refused, for batches, configs, stages and resources.
 */
class DotNamesEscapeRunsDirectoryTest {

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "...", "...."})
  void aBatchNamedOnlyDotsIsRefusedBeforeAnythingIsWritten(String name, @TempDir Path cwd) {
    Path runs = cwd.resolve("runs");
    assertThatThrownBy(() -> Trialbook.batch(name, List.of("a"), s -> s).stage("s", t -> 1)
        .runDir(runs.resolve(name)).build())
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("batch name cannot be only dots (was \"" + name + "\")")
        .hasMessageContaining("parent directory");
    assertThat(Files.exists(runs)).isFalse();
  }

  @Test
  void theDefaultRunDirOfADotsNameCannotBeBuilt() {
    assertThatThrownBy(() -> Trialbook.batch("..", List.of("a"), s -> s).stage("s", t -> 1).build())
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("only dots");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", ".."})
  void configStageAndResourceNamesOfOnlyDotsAreRefused(String name) {
    assertThatThrownBy(() -> Config.of(name))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("config name cannot be only dots (was \"" + name + "\")");
    assertThatThrownBy(() -> Stage.of(name, t -> 1))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("stage name cannot be only dots");
    assertThatThrownBy(() -> Stage.of("s", t -> 1).withResource(name))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("resource of stage s cannot be only dots");
    assertThatThrownBy(() -> Trialbook.batch("b", List.of("a"), s -> s).stage("s", t -> 1)
        .limit(name, 1))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("limit resource name cannot be only dots");
  }

  @Test
  void namesWithDotsAndALetterStayValid() {
    assertThat(Config.of("v1.2").name()).isEqualTo("v1.2");
    assertThat(Config.of(".hidden").name()).isEqualTo(".hidden");
    assertThat(Trialbook.batch("a..b", List.of("x"), s -> s).stage("s", t -> 1).noCheckpoint()
        .build().name()).isEqualTo("a..b");
  }
}
