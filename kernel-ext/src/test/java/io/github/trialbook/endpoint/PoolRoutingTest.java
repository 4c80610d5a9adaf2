package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.Retry;
import io.github.trialbook.testing.ModelServerSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Capacity use and failover across several real loopback servers. */
class PoolRoutingTest {
  private final List<ModelServerSimulator> sims = new ArrayList<>();
  private EndpointPool pool;
  private ExecutorService callers;

  @AfterEach
  void stop() {
    if (callers != null) {
      callers.shutdownNow();
    }
    if (pool != null) {
      pool.close();
    }
    sims.forEach(ModelServerSimulator::close);
  }

  private EndpointPool poolOf(int... capacities) throws Exception {
    return poolOf(Duration.ofMillis(15), capacities);
  }

  private EndpointPool poolOf(Duration latency, int... capacities) throws Exception {
    EndpointPool.Builder b = EndpointPool.builder();
    for (int i = 0; i < capacities.length; i++) {
      ModelServerSimulator sim = ModelServerSimulator.start()
          .latency(latency)
          .maxConcurrency(capacities[i], null);
      sims.add(sim);
      b.endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("s" + i)
          .maxConcurrency(capacities[i])
          .healthUrl(sim.healthUrl())
          .healthInterval(Duration.ofMillis(100))
          .failuresBeforeDown(2)
          .requestTimeout(Duration.ofSeconds(5))
          .build());
    }
    return b.maxWait(Duration.ofSeconds(20)).build();
  }

  /** Runs {@code n} requests from {@code threads} callers under a retry policy; returns texts. */
  private Set<String> run(int n, int threads, Retry retry, Runnable midway) throws Exception {
    callers = Executors.newFixedThreadPool(threads);
    Set<String> texts = ConcurrentHashMap.newKeySet();
    List<Future<?>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String prompt = "item-" + i;
      futures.add(callers.submit(() -> texts.add(
          RetryLoop.call(retry, () -> pool.chat(ChatRequest.user(prompt))).text())));
      if (i == n / 3 && midway != null) {
        Thread.sleep(150);
        midway.run();
      }
    }
    for (Future<?> f : futures) {
      f.get();
    }
    return texts;
  }

  private void awaitState(String endpoint, EndpointStatus.State state) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pool.status().endpoint(endpoint).state() != state && System.nanoTime() < deadline) {
      Thread.sleep(10); // probes run every 100 ms
    }
    assertThat(pool.status().endpoint(endpoint).state()).isEqualTo(state);
  }

  @Test
  void serversWithCapacitiesSummingToTenSeeTenInFlightAndNeverMore() throws Exception {
    pool = poolOf(Duration.ofMillis(50), 2, 3, 5);

    Set<String> texts = run(200, 24, Retry.none(), null);

    assertThat(texts).hasSize(200);
    assertThat(sims).extracting(ModelServerSimulator::peakInFlight).containsExactly(2, 3, 5);
    assertThat(sims).allSatisfy(s -> assertThat(s.responses(429)).isZero());
    assertThat(sims.stream().mapToLong(ModelServerSimulator::chatRequests).sum()).isEqualTo(200);
    assertThat(pool.status().inFlight()).isZero();
  }

  @Test
  void aServerKilledMidRunHasItsWorkMovedToTheOthersAndNothingIsLost() throws Exception {
    pool = poolOf(4, 4, 4);
    Retry retry = Retry.exponential(4, Duration.ofMillis(10), Duration.ofMillis(50));

    Set<String> texts = run(400, 12, retry, () -> sims.get(1).down());

    assertThat(texts).hasSize(400);
    // answers being written when the server died are lost on the wire and asked again
    long okTotal = sims.stream().mapToLong(ModelServerSimulator::okResponses).sum();
    assertThat(okTotal).isBetween(400L, 412L);
    assertThat(sims.get(1).okResponses()).isLessThan(sims.get(0).okResponses());
    awaitState("s1", EndpointStatus.State.DOWN);
    assertThat(pool.status().endpoint("s0").state()).isEqualTo(EndpointStatus.State.UP);
  }

  @Test
  void aRestartedServerIsProbedBackUpAndTakesWorkAgain() throws Exception {
    pool = poolOf(2, 2);
    sims.get(0).down();
    Retry retry = Retry.exponential(4, Duration.ofMillis(10), Duration.ofMillis(50));
    run(20, 4, retry, null);
    awaitState("s0", EndpointStatus.State.DOWN);

    sims.get(0).up();
    awaitState("s0", EndpointStatus.State.UP);
    sims.get(0).resetCounters();
    run(40, 4, Retry.none(), null);

    assertThat(pool.status().endpoint("s0").state()).isEqualTo(EndpointStatus.State.UP);
    assertThat(sims.get(0).okResponses()).isPositive();
  }

  @Test
  void whenEveryEndpointIsDownCallersWaitAndFinishOnceOneIsBack() throws Exception {
    pool = poolOf(2);
    sims.get(0).down();
    long downBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!pool.status().allDown() && System.nanoTime() < downBy) {
      Thread.sleep(10); // two failed probes, 100 ms apart: down
    }
    assertThat(pool.status().allDown()).isTrue();
    callers = Executors.newFixedThreadPool(4);
    List<Future<ChatResult>> futures = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String prompt = "waiting-" + i;
      futures.add(callers.submit(() -> pool.chat(ChatRequest.user(prompt))));
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pool.status().waiting() < 4 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    PoolStatus waiting = pool.status();
    assertThat(waiting.waiting()).isEqualTo(4);
    assertThat(waiting.toText()).contains("4 waiting: every endpoint is down");

    sims.get(0).up();
    for (Future<ChatResult> f : futures) {
      assertThat(f.get().text()).startsWith("echo: waiting-");
    }
    assertThat(sims.get(0).okResponses()).isEqualTo(4);
  }

  @Test
  void theRetryOfAFailedRequestGoesToAnotherEndpoint() throws Exception {
    pool = poolOf(2, 2);
    sims.get(0).failNext(500, 1);
    ChatRequest a = ChatRequest.user("a");

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.chat(a))
        .isInstanceOf(EndpointException.class);          // rotation: s0, which fails
    pool.chat(ChatRequest.user("b"));                    // rotation: s1
    ChatResult retried = pool.chat(a);                   // rotation would pick s0 again

    assertThat(retried.endpoint()).isEqualTo("s1");
    assertThat(sims.get(0).chatRequests()).isEqualTo(1);
    assertThat(sims.get(1).chatRequests()).isEqualTo(2);
  }

  @Test
  void waitingIsBoundedByMaxWait() throws Exception {
    ModelServerSimulator sim = ModelServerSimulator.start();
    sims.add(sim);
    sim.down();
    pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("gone").build())
        .maxWait(Duration.ofMillis(200))
        .build();

    long t0 = System.nanoTime();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> pool.chat(ChatRequest.user("x")))
        .isInstanceOf(NoEndpointAvailableException.class)
        .hasMessageContaining("within 200 ms")
        .hasMessageContaining("gone down");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(
        Duration.ofMillis(200));
  }
}
