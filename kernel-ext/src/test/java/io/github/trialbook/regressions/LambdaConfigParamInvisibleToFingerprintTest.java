package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.store.FingerprintMismatchException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 8: a lambda as a config param was accepted and stored as {@code {}}, so the
 * fingerprint could not see it change; {@code new Object()} was refused with a message naming
 * neither the config nor the param. Both are now refused when the config is made, naming the
 * config, the param and what is allowed; records, enums and beans keep working.
 */
class LambdaConfigParamInvisibleToFingerprintTest {
  enum Mode { FAST, CAREFUL }

  record Model(String name, double temperature, Mode mode) {}

  record Holder(String name, Function<String, Integer> scorer) {}

  public static final class Bean {
    private final int size;

    Bean(int size) {
      this.size = size;
    }

    public int getSize() {
      return size;
    }
  }

  @TempDir
  Path tmp;

  @Test
  void aLambdaOrMethodReferenceIsRefusedNamingConfigAndParam() {
    Function<String, Integer> lambda = s -> s.length() * 2;
    assertThatThrownBy(() -> Config.of("A", Map.of("scorer", lambda)))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'scorer' of config A is a lambda or method reference")
        .hasMessageContaining("a param must be a value the run directory can store and compare")
        .hasMessageContaining("a string, number, boolean, enum")
        .hasMessageContaining("pick the function in the stage");
    Function<String, Integer> reference = String::length;
    assertThatThrownBy(() -> Config.of("B", Map.of("opts", Map.of("score", List.of(1, reference)))))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'opts' of config B (at opts.score[1]) is a lambda");
    assertThatThrownBy(() -> Config.of("C", Map.of("m", new Holder("h", lambda))))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'm' of config C (at m.scorer) is a lambda");
  }

  @Test
  void anObjectWithoutPropertiesIsRefusedNamingConfigAndParam() {
    assertThatThrownBy(() -> Config.of("A", Map.of("x", new Object())))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'x' of config A is a java.lang.Object, which has no public "
            + "getters, so it would be stored as {} and a change to it would go unseen")
        .hasMessageContaining("pass its settings as a map or a record");
    assertThatThrownBy(() -> Config.of("A", Map.of("keys", Map.of(new Object(), 1))))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'keys' of config A has a map key of type java.lang.Object");
  }

  @Test
  void aParamThatContainsItselfIsRefusedNotAStackOverflow() {
    Map<String, Object> loop = new HashMap<>();
    loop.put("self", loop);
    List<Object> list = new ArrayList<>();
    list.add(list);
    assertThatThrownBy(() -> Config.of("A", Map.of("p", loop)))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'p' of config A (at p.self) contains itself");
    assertThatThrownBy(() -> Config.of("A", Map.of("p", list)))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageStartingWith("param 'p' of config A (at p[0]) contains itself");
  }

  @Test
  void valuesRecordsEnumsAndBeansKeepWorkingAndTheirChangesAreSeen() {
    List<Object> shared = List.of(1, 2);
    Map<String, Object> params = Map.of("model", new Model("m1", 0.2, Mode.FAST),
        "mode", Mode.CAREFUL, "bean", new Bean(3), "since", LocalDate.of(2026, 1, 1),
        "wait", Duration.ofSeconds(5), "price", new BigDecimal("1.10"),
        "maybe", Optional.of("x"), "twice", Map.of("a", shared, "b", shared),
        "weights", new double[] {0.5, 0.25}, "names", new String[] {"a", "b"});
    assertThat(Config.of("A", params).params()).hasSize(10);

    assertThat(Trialbook.runBatch(spec(new Model("m1", 0.2, Mode.FAST))).ok()).isEqualTo(2);
    assertThat(Trialbook.runBatch(spec(new Model("m1", 0.2, Mode.FAST))).progress()
        .resumedTrials()).isEqualTo(2);
    assertThatThrownBy(() -> Trialbook.runBatch(spec(new Model("m1", 0.7, Mode.FAST))))
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining("config A params changed: model");
  }

  private BatchSpec<String> spec(Model model) {
    return Trialbook.batch("params", List.of("a", "b"), s -> s)
        .configs(Config.of("A", Map.of("model", model, "bean", new Bean(3))))
        .stage("s", t -> t.config().<Model>param("model").temperature())
        .runDir(tmp.resolve("run"))
        .consoleProgress(false)
        .build();
  }
}
