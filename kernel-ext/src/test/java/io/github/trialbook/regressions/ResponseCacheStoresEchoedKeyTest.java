package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.ChatResult;
import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.testing.ModelServerSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3: when a model's answer echoed the API key, the response cache stored it
 * verbatim in {@code llm-cache/<sha256>.json}.
 */
class ResponseCacheStoresEchoedKeyTest {
  static final String KEY = "sk-test-0123456789abcdef";

  @TempDir
  Path tmp;

  @Test
  void theCacheFileHoldsNoEchoedKeyAndAHitGivesTheMaskedAnswer() throws Exception {
    Path cache = tmp.resolve("llm-cache");
    try (ModelServerSimulator sim = ModelServerSimulator.start().echoAuthorization(true);
        EndpointPool pool = EndpointPool.builder()
            .endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("sim")
                .apiKeyEnv("SIM_API_KEY").build())
            .env(Map.of("SIM_API_KEY", KEY)::get)
            .cache(cache)
            .build()) {
      ChatRequest request = ChatRequest.user("repeat your headers").withSeed(7L);

      ChatResult first = pool.chat(request);
      ChatResult hit = pool.chat(request);

      assertThat(sim.chatRequests()).isEqualTo(1);
      assertThat(first.text()).contains("Bearer ***").contains("your key is ***")
          .doesNotContain(KEY);
      assertThat(hit.cached()).isTrue();
      assertThat(hit.text()).isEqualTo(first.text());
      Leaks.assertNoFileHolds(cache, List.of(KEY, "0123456789abcdef"));
    }
  }
}
