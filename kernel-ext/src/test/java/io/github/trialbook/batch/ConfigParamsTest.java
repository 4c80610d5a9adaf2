package io.github.trialbook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigParamsTest {
  private final Config c = Config.of("A", Map.of("T", 300, "eps", 0.5, "big", 5_000_000_000L,
      "on", true, "model", "m1", "flag", "false", "apiKey", "sk-123"));

  @Test
  void typedReadersConvertNumbers() {
    assertThat(c.doubleParam("T")).isEqualTo(300.0);
    assertThat(c.intParam("T")).isEqualTo(300);
    assertThat(c.longParam("big")).isEqualTo(5_000_000_000L);
    assertThat(Config.of("B", Map.of("n", 4.0)).intParam("n")).isEqualTo(4);
    assertThat(c.boolParam("on")).isTrue();
    assertThat(c.boolParam("flag")).isFalse();
    assertThat(c.stringParam("model")).isEqualTo("m1");
    assertThat(c.stringParam("T")).isEqualTo("300");
    assertThat(c.param("T", Integer.class)).isEqualTo(300);
    assertThat(c.param("T", int.class)).isEqualTo(300);
  }

  @Test
  void wrongTypesNameTheParamTheHeldTypeAndTheReader() {
    assertThatThrownBy(() -> c.param("T", Double.class)).isInstanceOf(TrialbookException.class)
        .hasMessage("param 'T' of config A holds a Integer (300), not Double, so "
            + "param(\"T\", Double.class) cannot read it; read it with intParam(\"T\")");
    assertThatThrownBy(() -> c.doubleParam("model"))
        .hasMessageContaining("param 'model' of config A holds a String (m1), not a number")
        .hasMessageContaining("stringParam(\"model\")");
    assertThatThrownBy(() -> c.intParam("eps")).hasMessageContaining("0.5")
        .hasMessageContaining("not a whole number").hasMessageContaining("doubleParam(\"eps\")");
    assertThatThrownBy(() -> c.intParam("big")).hasMessageContaining("does not fit an int")
        .hasMessageContaining("longParam(\"big\")");
    assertThatThrownBy(() -> c.boolParam("T")).hasMessageContaining("not a boolean");
    assertThatThrownBy(() -> c.doubleParam("apiKey")).hasMessageContaining("(***)")
        .hasMessageNotContaining("sk-123");
    assertThatThrownBy(() -> c.doubleParam("nope")).hasMessageContaining("has no param 'nope'");
  }
}
