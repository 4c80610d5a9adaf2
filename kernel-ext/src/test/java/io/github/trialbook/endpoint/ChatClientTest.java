package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.Retry;
import io.github.trialbook.testing.SimulatedEndpointTest;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChatClientTest extends SimulatedEndpointTest {
  @Override
  protected Endpoint.Builder endpoint(Endpoint.Builder named) {
    return named.maxConcurrency(4).price(2.5, 10.0);
  }

  @Test
  void sendsEveryOptionAndReadsTextFinishReasonAndUsage() throws Exception {
    ChatRequest request = ChatRequest.of(ChatMessage.system("Answer briefly."),
            ChatMessage.user("is <b>this</b> fine?"))
        .withTemperature(0.25).withMaxTokens(16).withSeed(7L)
        .withResponseFormat(Map.of("type", "json_object")).withExtra("top_p", 0.5);

    ChatResult r = pool.chat(request);

    var body = sim.lastBody();
    assertThat(body.path("model").asText()).isEqualTo("sim-model");
    assertThat(body.path("messages").size()).isEqualTo(2);
    assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("system");
    assertThat(body.path("messages").path(1).path("content").asText())
        .isEqualTo("is <b>this</b> fine?");
    assertThat(body.path("temperature").asDouble()).isEqualTo(0.25);
    assertThat(body.path("max_tokens").asInt()).isEqualTo(16);
    assertThat(body.path("seed").asLong()).isEqualTo(7L);
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(body.path("top_p").asDouble()).isEqualTo(0.5);
    assertThat(r.text()).isEqualTo("echo: is <b>this</b> fine?");
    assertThat(r.finishReason()).isEqualTo("stop");
    assertThat(r.promptTokens()).isEqualTo(5);
    assertThat(r.totalTokens()).isEqualTo(r.promptTokens() + r.completionTokens());
    assertThat(r.endpoint()).isEqualTo("sim");
    assertThat(r.cached()).isFalse();
    assertThat(r.latencyMs()).isPositive();
    // $2.50 per million prompt tokens, $10 per million completion tokens
    assertThat(r.costUsd()).isCloseTo((r.promptTokens() * 2.5 + r.completionTokens() * 10.0) / 1e6,
        org.assertj.core.data.Offset.offset(1e-15)).isPositive();
  }

  @Test
  void aPriceMustBeTwoFiniteAmountsAtLeastZero() {
    assertThatThrownBy(() -> Endpoint.builder("http://127.0.0.1:1/v1", "m").price(-1, 2).build())
        .isInstanceOf(EndpointConfigException.class).hasMessageContaining("price(0.15, 0.60)");
    assertThatThrownBy(() -> Endpoint.builder("http://127.0.0.1:1/v1", "m")
        .price(1, Double.NaN).build()).isInstanceOf(EndpointConfigException.class);
  }

  @Test
  void leavesAbsentOptionsOutAndUsesTheRequestModelWhenGiven() throws Exception {
    pool.chat(ChatRequest.user("hi").withModel("other-model"));

    assertThat(sim.lastBody().path("model").asText()).isEqualTo("other-model");
    assertThat(sim.lastBody().has("temperature")).isFalse();
    assertThat(sim.lastBody().has("max_tokens")).isFalse();
    assertThat(sim.lastBody().has("seed")).isFalse();
  }

  @Test
  void clientErrorFailsFastWithTheServerMessageAndIsNotRetried() {
    sim.requireKey("right-key-123");
    Retry retry = Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5));

    assertThatThrownBy(() -> RetryLoop.call(retry, () -> pool.chat(ChatRequest.user("x"))))
        .isInstanceOf(EndpointRequestException.class)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("HTTP 401")
        .hasMessageContaining("Incorrect API key provided");
    assertThat(sim.chatRequests()).isEqualTo(1);
  }

  @Test
  void serverErrorIsRetryableAndTheRetrySucceeds() throws Exception {
    sim.errorRate(500, 0.5); // requests 2, 4, ... fail
    pool.chat(ChatRequest.user("first"));
    Retry retry = Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5));

    ChatResult r = RetryLoop.call(retry, () -> pool.chat(ChatRequest.user("second")));
    assertThatThrownBy(() -> pool.chat(ChatRequest.user("third")))
        .isInstanceOf(EndpointException.class)
        .hasMessageContaining("HTTP 500")
        .satisfies(e -> assertThat(Retry.DEFAULT_RETRYABLE.test(e)).isTrue());

    assertThat(r.text()).isEqualTo("echo: second");
    assertThat(sim.chatRequests()).isEqualTo(4);
    assertThat(pool.status().endpoint("sim").errors()).isEqualTo(2);
    assertThat(pool.status().endpoint("sim").requests()).isEqualTo(4);
  }

  @Test
  void serviceUnavailableWithoutRetryAfterIsAServerError() throws Exception {
    sim.errorRate(503, 1.0).retryAfter(null);

    assertThatThrownBy(() -> pool.chat(ChatRequest.user("x")))
        .isInstanceOf(EndpointException.class)
        .isNotInstanceOf(RateLimitedException.class)
        .hasMessageContaining("HTTP 503");
  }
}
