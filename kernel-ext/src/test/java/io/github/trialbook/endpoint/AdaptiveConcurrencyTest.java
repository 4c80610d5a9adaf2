package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.testing.ModelServerSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AdaptiveConcurrencyTest {

  @Test
  void theLimitConvergesNearTheServersHiddenLimit() throws Exception {
    int hidden = 10;
    try (ModelServerSimulator sim = ModelServerSimulator.start()
        .latency(Duration.ofMillis(20)).maxConcurrency(hidden, null);
        EndpointPool pool = EndpointPool.builder()
            .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("adaptive")
                .maxConcurrency(40).adaptive(2).build())
            .build()) {
      ExecutorService callers = Executors.newFixedThreadPool(40);
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong ok = new AtomicLong();
      for (int i = 0; i < 40; i++) {
        callers.execute(() -> {
          while (running.get()) {
            try {
              pool.chat(ChatRequest.user("load"));
              ok.incrementAndGet();
            } catch (RateLimitedException e) {
              // the engine would retry; here the caller just goes on
            } catch (Exception e) {
              return;
            }
          }
        });
      }
      Thread.sleep(1500); // converge
      long throttledBefore = sim.responses(429);
      long okBefore = ok.get();
      List<Integer> limits = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Thread.sleep(25);
        limits.add(pool.status().endpoint("adaptive").limit());
      }
      long throttled = sim.responses(429) - throttledBefore;
      long served = ok.get() - okBefore;
      running.set(false);
      callers.shutdown();
      assertThat(callers.awaitTermination(5, TimeUnit.SECONDS)).isTrue();

      double mean = limits.stream().mapToInt(Integer::intValue).average().orElseThrow();
      assertThat(mean).isBetween(0.6 * hidden, 1.4 * hidden);
      assertThat(limits).allSatisfy(l -> assertThat(l).isBetween(2, 2 * hidden));
      assertThat(served).isPositive();
      assertThat(throttled).isLessThan(served / 2); // a fixed limit of 40 would be 3:1
    }
  }

  @Test
  void slowStartKeepsTheFirstRequestsWithinTheServersHiddenLimit() throws Exception {
    int requests = 300;
    long withSlowStart = throttledAmongFirst(requests, true);
    long fromTheMaximum = throttledAmongFirst(requests, false);
    // from 64 at once, 52 of the first 64 requests find the server full; slow start overshoots
    // once, then AIMD probes above 12 about every other round trip (some 5 % of requests)
    assertThat(fromTheMaximum).isGreaterThan(40);
    assertThat(withSlowStart).isLessThan(requests / 10);
  }

  /** 429s among the first {@code n} requests of 64 callers to a server taking 12 at once. */
  private static long throttledAmongFirst(int n, boolean slowStart) throws Exception {
    try (ModelServerSimulator sim = ModelServerSimulator.start()
        .latency(Duration.ofMillis(50)).maxConcurrency(12, null);
        EndpointPool pool = EndpointPool.builder()
            .endpoint(Endpoint.builder(sim.baseUrl(), "m").maxConcurrency(64).adaptive(1)
                .slowStart(slowStart).build())
            .build()) {
      ExecutorService callers = Executors.newFixedThreadPool(64);
      AtomicLong left = new AtomicLong(n);
      for (int i = 0; i < 64; i++) {
        callers.execute(() -> {
          while (left.getAndDecrement() > 0) {
            try {
              pool.chat(ChatRequest.user("load"));
            } catch (RateLimitedException e) {
              // counted by the server; the engine would retry
            } catch (Exception e) {
              return;
            }
          }
        });
      }
      callers.shutdown();
      assertThat(callers.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
      assertThat(sim.chatRequests()).isEqualTo(n);
      return sim.responses(429);
    }
  }

  @Test
  void slowStartDoublesEachRoundUntilTheFirstThrottleThenHalvesAndGrowsByOne() {
    ConcurrencyLimit limit = new ConcurrencyLimit(2, 64, true);
    assertThat(limit.current()).isEqualTo(2);
    for (int round = 0; round < 3; round++) {
      int inFlight = limit.current();
      for (int i = 0; i < inFlight; i++) {
        limit.onSuccess(System.nanoTime(), 1_000_000, inFlight);
      }
    }
    assertThat(limit.current()).isEqualTo(16);
    limit.onCongestion(System.nanoTime());
    assertThat(limit.current()).isEqualTo(8);
    for (int i = 0; i < 8; i++) {
      limit.onSuccess(System.nanoTime(), 1_000_000, 8);
    }
    assertThat(limit.current()).isEqualTo(8); // congestion avoidance: about one per round
    for (int i = 0; i < 10_000; i++) {
      limit.onSuccess(System.nanoTime(), 1_000_000, 64);
    }
    assertThat(limit.current()).isEqualTo(64);
  }

  @Test
  void slowStartDoesNotGrowTheLimitWhileDemandIsBelowIt() {
    ConcurrencyLimit limit = new ConcurrencyLimit(4, 64, true);
    for (int i = 0; i < 1000; i++) {
      limit.onSuccess(System.nanoTime(), 1_000_000, 1);
    }
    assertThat(limit.current()).isEqualTo(4);
  }

  @Test
  void aFixedLimitNeverMoves() {
    ConcurrencyLimit fixed = new ConcurrencyLimit(0, 8, true);
    fixed.onCongestion(System.nanoTime());
    fixed.onSuccess(System.nanoTime(), 1_000_000, 8);
    assertThat(fixed.current()).isEqualTo(8);
  }

  @Test
  void oneBurstOfThrottlesCutsTheLimitOnceAndSuccessesRaiseItWithinBounds() {
    ConcurrencyLimit limit = new ConcurrencyLimit(2, 20, false);
    long sentBefore = System.nanoTime();
    for (int i = 0; i < 10; i++) {
      limit.onCongestion(sentBefore); // ten 429s of requests sent under the same limit
    }
    assertThat(limit.current()).isEqualTo(18);
    for (int i = 0; i < 10_000; i++) {
      limit.onSuccess(System.nanoTime(), 1_000_000, 20);
    }
    assertThat(limit.current()).isEqualTo(20);
    for (int i = 0; i < 100; i++) {
      limit.onCongestion(System.nanoTime());
    }
    assertThat(limit.current()).isEqualTo(2);
  }

  @Test
  void risingLatencyLowersTheLimitButOneSlowAnswerDoesNot() {
    ConcurrencyLimit limit = new ConcurrencyLimit(1, 10, false);
    for (int i = 0; i < 200; i++) {
      limit.onSuccess(System.nanoTime(), 10_000_000, 10);
    }
    limit.onSuccess(System.nanoTime(), 80_000_000, 10); // one long answer
    assertThat(limit.current()).isEqualTo(10);
    for (int i = 0; i < 10; i++) {
      limit.onSuccess(System.nanoTime(), 80_000_000, 10); // the server slows down
    }
    assertThat(limit.current()).isLessThan(10);
  }
}
