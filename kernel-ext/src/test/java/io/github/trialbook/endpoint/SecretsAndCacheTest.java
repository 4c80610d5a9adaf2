package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.testing.ModelServerSimulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndCacheTest {
  private static final String KEY = "sk-test-FAKEKEY-0123456789abcdef";
  private final Map<String, String> env = new ConcurrentHashMap<>(Map.of("SIM_API_KEY", KEY));
  private ModelServerSimulator sim;
  private EndpointPool pool;
  @TempDir
  Path dir;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  private EndpointPool pool(boolean cache) throws Exception {
    EndpointPool.Builder b = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("sim")
            .apiKeyEnv("SIM_API_KEY")
            .price(1.0, 4.0)
            .start(List.of("vllm", "serve", "--api-key", KEY, "--token=" + KEY))
            .build())
        .env(env::get);
    if (cache) {
      b.cache(dir.resolve("cache"));
    }
    return b.build();
  }

  @Test
  void theKeyIsSentButNeverShownInMessagesStatusOrText() throws Exception {
    sim = ModelServerSimulator.start().requireKey("some-other-key");
    pool = pool(false);

    Throwable refused = org.assertj.core.api.Assertions.catchThrowable(
        () -> pool.chat(ChatRequest.user("x")));

    assertThat(sim.lastAuthorization()).isEqualTo("Bearer " + KEY);
    assertThat(refused).isInstanceOf(EndpointRequestException.class)
        .hasMessageContaining("Incorrect API key provided: Bearer ***");
    PoolStatus status = pool.status();
    String everything = refused.getMessage() + refused + status + status.toText()
        + status.toHtml() + pool + pool.endpoints() + pool.redact("echo " + KEY);
    assertThat(everything).doesNotContain(KEY).doesNotContain("FAKEKEY").contains("SIM_API_KEY");
    assertThat(status.endpoint("sim").lastError()).contains("HTTP 401");
  }

  @Test
  void theKeyIsReadAtEachCallAndAMissingOneNamesTheVariable() throws Exception {
    sim = ModelServerSimulator.start();
    pool = pool(false);

    env.put("SIM_API_KEY", "sk-rotated-key-987654321");
    pool.chat(ChatRequest.user("x"));
    assertThat(sim.lastAuthorization()).isEqualTo("Bearer sk-rotated-key-987654321");

    env.remove("SIM_API_KEY");
    assertThatThrownBy(() -> pool.chat(ChatRequest.user("y")))
        .isInstanceOf(EndpointRequestException.class)
        .hasMessageContaining("environment variable SIM_API_KEY")
        .hasMessageContaining("is not set");
    assertThat(sim.chatRequests()).isEqualTo(1);
  }

  @Test
  void anApiKeyInPlaceOfTheVariableNameIsRefusedWithoutEchoingIt() {
    assertThatThrownBy(() -> Endpoint.builder("http://127.0.0.1:1/v1", "m").apiKeyEnv(KEY).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment variable NAME")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void theCacheAnswersARepeatedRequestAndItsFilesHoldNoKey() throws Exception {
    sim = ModelServerSimulator.start();
    pool = pool(true);
    ChatRequest request = ChatRequest.user("cache me").withSeed(1L);

    ChatResult first = pool.chat(request);
    ChatResult again = pool.chat(request);
    ChatResult other = pool.chat(request.withSeed(2L));

    assertThat(sim.chatRequests()).isEqualTo(2);
    assertThat(first.cached()).isFalse();
    assertThat(again.cached()).isTrue();
    assertThat(again.text()).isEqualTo(first.text());
    assertThat(again.promptTokens()).isEqualTo(first.promptTokens());
    assertThat(first.costUsd()).isPositive();
    assertThat(again.costUsd()).as("a cache hit costs nothing").isZero();
    assertThat(other.cached()).isFalse();
    try (Stream<Path> files = Files.list(dir.resolve("cache"))) {
      List<Path> entries = files.toList();
      assertThat(entries).hasSize(2).allSatisfy(f -> assertThat(
          Files.readString(f, StandardCharsets.UTF_8)).doesNotContain(KEY).contains("cache me"));
    }
  }

  @Test
  void theCacheIsOffByDefault() throws Exception {
    sim = ModelServerSimulator.start();
    pool = pool(false);
    pool.chat(ChatRequest.user("same"));
    pool.chat(ChatRequest.user("same"));
    assertThat(sim.chatRequests()).isEqualTo(2);
  }
}
