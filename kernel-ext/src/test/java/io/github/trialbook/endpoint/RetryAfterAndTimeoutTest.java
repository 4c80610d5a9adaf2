package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.Retry;
import io.github.trialbook.testing.ModelServerSimulator;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RetryAfterAndTimeoutTest {
  private ModelServerSimulator sim;
  private EndpointPool pool;
  private final ExecutorService callers = Executors.newCachedThreadPool();

  @BeforeEach
  void start() throws Exception {
    sim = ModelServerSimulator.start().latency(Duration.ofMillis(5));
    pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("sim").maxConcurrency(4)
            .requestTimeout(Duration.ofMillis(400)).build())
        .build();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    pool.close();
    sim.close();
  }

  @Test
  void retryAfterIsHonouredByTheRetryAndByEveryOtherCaller() throws Exception {
    sim.failNext(429, 1).retryAfter("1");
    Retry retry = Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(2));

    Future<ChatResult> first = callers.submit(
        () -> RetryLoop.call(retry, () -> pool.chat(ChatRequest.user("first"))));
    while (pool.status().endpoint("sim").state() != EndpointStatus.State.PAUSED) {
      Thread.sleep(1); // until the client has read the 429
    }
    Future<ChatResult> second = callers.submit(() -> pool.chat(ChatRequest.user("second")));

    assertThat(first.get().text()).isEqualTo("echo: first");
    assertThat(second.get().text()).isEqualTo("echo: second");
    List<Long> arrivals = sim.arrivals();
    assertThat(arrivals).hasSize(3);
    for (long later : arrivals.subList(1, 3)) {
      assertThat(Duration.ofNanos(later - arrivals.get(0)))
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void rateLimitCarriesTheDelayFromAnHttpDate() {
    String inTwoSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
        ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(2));
    sim.failNext(503, 1).retryAfter(inTwoSeconds);

    assertThatThrownBy(() -> pool.chat(ChatRequest.user("x")))
        .isInstanceOfSatisfying(RateLimitedException.class, e -> {
          assertThat(e.status()).isEqualTo(503);
          assertThat(e.retryAfter()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(2));
        });
    assertThat(pool.status().endpoint("sim").state()).isEqualTo(EndpointStatus.State.PAUSED);
  }

  @Test
  void retryAfterHeaderReadsSecondsDecimalsAndDates() {
    long now = ZonedDateTime.of(2015, 10, 21, 7, 27, 30, 0, ZoneOffset.UTC).toInstant()
        .toEpochMilli();
    assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:28:00 GMT", now))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfterHeader.parse("Wed, 21 Oct 2015 07:27:00 GMT", now))
        .contains(Duration.ZERO);
    assertThat(RetryAfterHeader.parse("2", now)).contains(Duration.ofSeconds(2));
    assertThat(RetryAfterHeader.parse(" 1.5 ", now)).contains(Duration.ofMillis(1500));
    assertThat(RetryAfterHeader.parse("soon", now)).isEmpty();
    assertThat(RetryAfterHeader.parse("-1", now)).isEmpty();
  }

  @Test
  void aHungRequestTimesOutAndItsRetrySucceeds() throws Exception {
    sim.hangNext(1);
    Retry retry = Retry.exponential(2, Duration.ofMillis(1), Duration.ofMillis(2));
    long t0 = System.nanoTime();

    ChatResult r = RetryLoop.call(retry, () -> pool.chat(ChatRequest.user("patience")));

    assertThat(r.text()).isEqualTo("echo: patience");
    assertThat(sim.chatRequests()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - t0))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
    EndpointStatus s = pool.status().endpoint("sim");
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.lastError()).contains("timed out after PT0.4S and was cancelled");
    assertThat(s.inFlight()).isZero();
  }

  @Test
  void interruptingTheCallerCancelsTheRequestAndFreesTheSlot() throws Exception {
    sim.hangAll(true);
    Future<ChatResult> call = callers.submit(() -> pool.chat(ChatRequest.user("stuck")));
    while (sim.inFlight() == 0) {
      Thread.sleep(1);
    }

    call.cancel(true);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (pool.status().inFlight() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(pool.status().inFlight()).isZero();
    assertThat(pool.status().endpoint("sim").errors()).isZero();
  }
}
