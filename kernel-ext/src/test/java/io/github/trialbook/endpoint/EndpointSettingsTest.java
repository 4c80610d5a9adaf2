package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EndpointSettingsTest {

  @Test
  void defaultsNameTheEndpointAfterHostAndPortAndProbeTheModelsList() {
    Endpoint e = Endpoint.builder("http://127.0.0.1:8000/v1/", "qwen").build();

    assertThat(e.name()).isEqualTo("127.0.0.1_8000");
    assertThat(e.chatUri().toString()).isEqualTo("http://127.0.0.1:8000/v1/chat/completions");
    assertThat(e.healthUri().toString()).isEqualTo("http://127.0.0.1:8000/v1/models");
    assertThat(e.adaptive()).isFalse();
    assertThat(ChatClient.healthy(e, 401)).isTrue();
    assertThat(ChatClient.healthy(e, 502)).isFalse();
    Endpoint explicit = Endpoint.builder("http://h:1/v1", "m").healthUrl("http://h:1/health")
        .build();
    assertThat(ChatClient.healthy(explicit, 401)).isFalse();
    assertThat(ChatClient.healthy(explicit, 204)).isTrue();
  }

  @Test
  void badSettingsNameTheFieldTheValueAndTheFix() {
    assertThatThrownBy(() -> Endpoint.builder("ftp://h/v1", "m").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl of endpoint h")
        .hasMessageContaining("ftp://h/v1")
        .hasMessageContaining("http://127.0.0.1:8000/v1");
    assertThatThrownBy(() -> Endpoint.builder("http://h/v1", "m").maxConcurrency(0).build())
        .hasMessage("maxConcurrency of endpoint h must be at least 1 (was 0)");
    assertThatThrownBy(() -> Endpoint.builder("http://h/v1", "m").maxConcurrency(4).adaptive(5)
        .build())
        .hasMessageContaining("adaptive floor of endpoint h must be between 1 and "
            + "maxConcurrency 4 (was 5)");
    assertThatThrownBy(() -> Endpoint.builder("http://user:pw@h/v1", "m").build())
        .hasMessageContaining("must not carry credentials");
    assertThatThrownBy(() -> Endpoint.builder("http://h/v1", "m").name("gpu 0").build())
        .hasMessageContaining("endpoint name must use only letters")
        .hasMessageContaining("gpu_0");
    assertThatThrownBy(() -> Endpoint.builder("http://h/v1", "m")
        .healthInterval(Duration.ZERO).build())
        .hasMessageContaining("healthInterval of endpoint h must be positive (was PT0S)");
    assertThatThrownBy(() -> ChatRequest.user("x").withMaxTokens(0))
        .hasMessageContaining("maxTokens must be at least 1 (was 0)");
    assertThatThrownBy(() -> ChatRequest.of())
        .hasMessageContaining("messages cannot be empty");
  }

  @Test
  void aPoolNeedsEndpointsWithDistinctNames() {
    assertThatThrownBy(() -> EndpointPool.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one endpoint");
    Endpoint a = Endpoint.builder("http://127.0.0.1:1/v1", "m").name("same").build();
    assertThatThrownBy(() -> EndpointPool.builder().endpoint(a).endpoint(a).build())
        .hasMessageContaining("endpoint name \"same\" is used twice");
  }

  @Test
  void commandsShowWithSecretArgumentsMasked() {
    Endpoint e = Endpoint.builder("http://h/v1", "m")
        .start(List.of("vllm", "serve", "m", "--api-key", "s3cr3t-value", "--port", "8000",
            "--hf-token=abc123xyz"))
        .build();

    assertThat(e.toString())
        .contains("start=[vllm, serve, m, --api-key, ***, --port, 8000, --hf-token=***]")
        .doesNotContain("s3cr3t-value").doesNotContain("abc123xyz");
  }

  @Test
  void statusRendersEscapedHtmlAndAlignedText() {
    PoolStatus status = new PoolStatus(List.of(
        new EndpointStatus("gpu0", "m", EndpointStatus.State.UP, 3, 8, 16, 120, 2, 51.25, 80.5,
            0, "answered <script>alert(1)</script>"),
        new EndpointStatus("gpu1", "m", EndpointStatus.State.DOWN, 0, 16, 16, 7, 7, Double.NaN,
            Double.NaN, 1, "")), 5, 0L);

    assertThat(status.toHtml())
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>")
        .contains("<td>8/16</td>")
        .contains("<td>51.3</td>")
        .contains("5 waiting for capacity");
    assertThat(status.toText())
        .contains("gpu0           up                 3      8/16       120       2     51.3"
            + "     80.5        0")
        .contains("gpu1           down")
        .contains("  last error: answered <script>");
    assertThat(status.mimeBundle()).containsKeys("text/plain", "text/html");
    assertThat(status.allDown()).isFalse();
    assertThat(status.inFlight()).isEqualTo(3);
  }

  @Test
  void badEndpointAndPoolSettingsThrowTheEndpointConfigException() {
    assertThatThrownBy(() -> Endpoint.builder("ftp://h/v1", "m").build())
        .isInstanceOf(EndpointConfigException.class);
    assertThatThrownBy(() -> Endpoint.builder("http://h/v1", "m").maxConcurrency(0).build())
        .isInstanceOf(EndpointConfigException.class);
    assertThatThrownBy(() -> EndpointPool.builder().build())
        .isInstanceOf(EndpointConfigException.class);
    assertThatThrownBy(() -> EndpointPool.builder().maxWait(Duration.ZERO))
        .isInstanceOf(EndpointConfigException.class)
        .hasMessageContaining("maxWait must be positive (was PT0S)");
    assertThatThrownBy(() -> EndpointPool.builder().endpoint(null))
        .isInstanceOf(EndpointConfigException.class)
        .hasMessageContaining("endpoint cannot be null");
  }
}
