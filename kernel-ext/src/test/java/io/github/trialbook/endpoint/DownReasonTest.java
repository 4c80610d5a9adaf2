package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.trialbook.testing.ModelServerSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A pool that cannot take a request says why each endpoint is down, without secrets. */
class DownReasonTest {
  private static final String KEY = "sk-test-FAKEKEY-0123456789abcdef";
  private ModelServerSimulator sim;
  private EndpointPool pool;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    if (sim != null) {
      sim.close();
    }
  }

  @Test
  void failedHealthProbesAreTheReasonInTheExceptionAndTheStatusUntilItIsUpAgain()
      throws Exception {
    sim = ModelServerSimulator.start();
    pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("s0").healthUrl(sim.healthUrl())
            .healthInterval(Duration.ofMillis(100)).failuresBeforeDown(2).build())
        .maxWait(Duration.ofMillis(200))
        .build();
    sim.down();
    await(s -> s.state() == EndpointStatus.State.DOWN);

    assertThat(catchThrowable(() -> pool.chat(ChatRequest.user("x"))))
        .isInstanceOf(NoEndpointAvailableException.class)
        .hasMessageContaining("s0 down (after 2 failed health probes (ConnectException");
    assertThat(pool.status().endpoint("s0").downReason())
        .startsWith("after 2 failed health probes (ConnectException");
    assertThat(pool.status().toText()).contains("  down: after 2 failed health probes (");
    assertThat(pool.status().toHtml()).contains("<td>down: after 2 failed health probes (");

    sim.up();
    await(s -> s.state() == EndpointStatus.State.UP);
    assertThat(pool.status().endpoint("s0").downReason()).isEmpty();
    assertThat(pool.status().toText()).doesNotContain("down:");
  }

  @Test
  void aStartCommandThatFailsIsTheReasonThenExhaustedRestartsAndNeverTheKey() throws Exception {
    sim = ModelServerSimulator.start();
    sim.down(); // nothing answers: the pool runs the start command
    pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("vllm").apiKeyEnv("SIM_API_KEY")
            .healthUrl(sim.healthUrl() + "?api_key=" + KEY)
            .healthInterval(Duration.ofMillis(100)).failuresBeforeDown(2)
            .start(List.of("no-such-vllm-binary", "serve", "--api-key", KEY))
            .maxRestarts(1).build())
        .env(Map.of("SIM_API_KEY", KEY)::get)
        .maxWait(Duration.ofMillis(100))
        .build();

    assertThat(pool.status().endpoint("vllm").downReason())
        .startsWith("at start: start command [no-such-vllm-binary, serve, --api-key, ***] failed")
        .contains("no-such-vllm-binary");
    await(s -> s.restarts() == 1 && s.state() == EndpointStatus.State.DOWN);

    Throwable e = catchThrowable(() -> pool.chat(ChatRequest.user("x")));
    assertThat(e).isInstanceOf(NoEndpointAvailableException.class)
        .hasMessageContaining("vllm down (restart 1 of 1 failed: start command [")
        .hasMessageContaining("; restarts exhausted (1))");
    PoolStatus status = pool.status();
    assertThat(status.endpoint("vllm").downReason()).endsWith("restarts exhausted (1)");
    assertThat(e.getMessage() + status.toText() + status.toHtml()).doesNotContain(KEY)
        .doesNotContain("FAKEKEY");
  }

  @Test
  void anEndpointWithoutAStartCommandNamesTheProbeThatFailedAtStart() throws Exception {
    sim = ModelServerSimulator.start().healthFailing(true);
    pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("s0").healthUrl(sim.healthUrl())
            .build())
        .maxWait(Duration.ofMillis(100))
        .build();

    assertThat(catchThrowable(() -> pool.chat(ChatRequest.user("x"))))
        .isInstanceOf(NoEndpointAvailableException.class)
        .hasMessageContaining("s0 down (at start: health probe of " + sim.healthUrl()
            + " failed (HTTP 503) and there is no start command)");
  }

  private void await(Predicate<EndpointStatus> condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.test(pool.status().endpoints().get(0))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the endpoint never reached the state: " + pool.status().toText());
      }
      Thread.sleep(10);
    }
  }
}
