package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.RetryAfterException;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.endpoint.NoEndpointAvailableException;
import io.github.trialbook.endpoint.RateLimitedException;
import io.github.trialbook.testing.SimulatedEndpointTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 11: a server answering 429 with {@code Retry-After: 3600} made a trial wait an
 * hour, bounded neither by the stage timeout (the retry slept the whole delay) nor by the pool's
 * {@code maxWait} (every other trial waited out maxWait for the paused endpoint). Before the fix
 * these tests ran into their timeout.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryAfterOutlivesStageTimeoutTest extends SimulatedEndpointTest.PausedForAnHour {
  @Override
  protected Endpoint.Builder endpoint(Endpoint.Builder named) {
    return named.maxConcurrency(4);
  }

  @Test
  void aTrialThatCannotBeRetriedWithinItsStageTimeoutFailsAtOnceNamingTheDelay() {
    long t0 = System.nanoTime();

    BatchResult r = Trialbook.runBatch(Trialbook.batch("paused", List.of("a", "b", "c"), s -> s)
        .stage("llm", pool.stage(t -> ChatRequest.user(t.input())))
        .parallelism(1)
        .retry(Retry.exponential(3, Duration.ofMillis(10), Duration.ofMillis(100)))
        .timeout(Duration.ofMinutes(5))
        .clock(clock)
        .noCheckpoint()
        .consoleProgress(false)
        .build());

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    assertThat(clock.sleeps()).as("no backoff sleep waits for the server's hour")
        .allMatch(d -> d.compareTo(Duration.ofSeconds(1)) < 0);
    assertThat(sim.chatRequests()).as("nothing else is sent to the paused endpoint").isEqualTo(1);
    assertThat(r.failed()).isEqualTo(3);
    List<TrialError> errors = r.records().stream().map(TrialRecord::error).toList();
    TrialError refused = errors.stream()
        .filter(e -> e.exceptionClass().endsWith("RetryAfterBeyondTimeoutException"))
        .findFirst().orElseThrow();
    assertThat(refused.attempts()).isEqualTo(1);
    assertThat(refused.message())
        .contains("endpoint sim answered HTTP 429")
        .contains("server's delay (3600 s)")
        .contains("5 min")
        .contains("timeout(...)")
        .contains("lower the load");
    assertThat(errors).filteredOn(e -> e != refused).hasSize(2).allSatisfy(e -> {
      assertThat(e.exceptionClass()).isEqualTo(NoEndpointAvailableException.class.getName());
      assertThat(e.message()).contains("sim paused by Retry-After until").contains("maxWait");
    });
    assertThat(r.records()).allMatch(rec -> rec.status() == TrialStatus.FAILED);
  }

  @Test
  void theBudgetIsTheStageTimeoutCountedFromItsFirstAttemptAcrossRetries() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("budget", List.of("x"), s -> s)
        .stage("call", t -> {
          throw new RetryAfterException("busy, come back later", Duration.ofSeconds(2));
        })
        .retry(Retry.exponential(10, Duration.ofMillis(1), Duration.ofMillis(1)))
        .timeout(Duration.ofSeconds(5))
        .clock(clock)
        .noCheckpoint()
        .consoleProgress(false)
        .build());

    // attempts start at 0 s, 2 s and 4 s; waiting 2 s more would start the 4th at 6 s > 5 s
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
    TrialError e = r.records().get(0).error();
    assertThat(e.exceptionClass()).endsWith("RetryAfterBeyondTimeoutException");
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.message()).contains("busy, come back later").contains("(2 s)")
        .contains("1 s left of the stage's timeout of 5 s");
  }

  @Test
  void theWaitForAnEndpointPausedBeyondMaxWaitEndsAtOnce() throws Exception {
    assertThatThrownBy(() -> pool.chat(ChatRequest.user("first")))
        .isInstanceOf(RateLimitedException.class);
    long t0 = System.nanoTime();

    assertThatThrownBy(() -> pool.chat(ChatRequest.user("second")))
        .isInstanceOf(NoEndpointAvailableException.class)
        .hasMessageContaining("sim paused by Retry-After until")
        .hasMessageContaining("UTC (59 min")
        .hasMessageContaining("maxWait (600 s)");

    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    assertThat(sim.chatRequests()).isEqualTo(1);
  }

  @Test
  void callersAlreadyWaitingWhenThePauseBeginsEndAtOnceToo() throws Exception {
    sim.latency(Duration.ofMillis(300));
    ExecutorService callers = Executors.newFixedThreadPool(3);
    try (EndpointPool single = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("one").maxConcurrency(1)
            .build())
        .build()) {
      Future<?> first = callers.submit(() -> single.chat(ChatRequest.user("first")));
      while (sim.inFlight() == 0) {
        Thread.sleep(1);
      }
      List<Future<?>> queued = List.of(
          callers.submit(() -> single.chat(ChatRequest.user("second"))),
          callers.submit(() -> single.chat(ChatRequest.user("third"))));
      while (single.status().waiting() < 2) {
        Thread.sleep(1);
      }
      long t0 = System.nanoTime();

      assertThatThrownBy(first::get).hasCauseInstanceOf(RateLimitedException.class);
      for (Future<?> f : queued) {
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .hasCauseInstanceOf(NoEndpointAvailableException.class)
            .hasMessageContaining("one paused by Retry-After until");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      assertThat(sim.chatRequests()).isEqualTo(1);
    } finally {
      callers.shutdownNow();
    }
  }
}
