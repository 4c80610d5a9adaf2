package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Config;
import io.github.trialbook.sweep.Sweep;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A sweep over a secret-looking param wrote its value into the case name ({@code
 * T300_apiKeysk-secret-1}), so the key reached directory names, tables and the live view; the
 * collision and name-rule errors printed the points with the key in clear.
 */
class SecretInSweepNameTest {
  @Test
  void theDefaultNameHoldsAHashNotTheSecret() {
    List<Config> configs = Sweep.grid(Map.of("T", List.of(300),
        "apiKey", List.of("sk-secret-1", "sk-secret-2"))).configs();
    assertThat(configs).extracting(Config::name)
        .allMatch(n -> n.matches("T300_apiKey-[0-9a-f]{8}"))
        .noneMatch(n -> n.contains("secret"))
        .doesNotHaveDuplicates();
    assertThat(Sweep.grid(Map.of("apiKey", List.of("sk-secret-1"))).configs().get(0).name())
        .as("stable across calls").isEqualTo(configs.get(0).name().substring("T300_".length()));
  }

  @Test
  void aNameRuleThatWritesTheSecretIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> Sweep.grid(Map.of("apiKey", List.of("sk-secret-1")))
        .name(p -> "run-" + p.get("apiKey")).configs())
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("secret param 'apiKey'")
        .hasMessageNotContaining("sk-secret-1");
  }

  @Test
  void collisionsAndRuleErrorsMaskTheSecret() {
    assertThatThrownBy(() -> Sweep.grid(Map.of("apiKey", List.of("sk-secret-1", "sk-secret-2")))
        .name(p -> "same").configs())
        .hasMessageContaining("collision").hasMessageContaining("***")
        .hasMessageNotContaining("sk-secret");
    assertThatThrownBy(() -> Sweep.grid(Map.of("apiKey", List.of("sk-secret-1")))
        .name(p -> {
          throw new IllegalStateException("bad " + p.get("apiKey"));
        }).configs())
        .hasMessageContaining("IllegalStateException").hasMessageNotContaining("sk-secret-1");
  }
}
