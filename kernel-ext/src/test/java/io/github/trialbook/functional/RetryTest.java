package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.RetryAfterException;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.testing.Invariants;
import io.github.trialbook.testing.ManualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
  private final ManualClock clock = new ManualClock();

  private BatchSpec.Builder<Integer> batch(String name, List<Integer> inputs) {
    return Trialbook.batch(name, inputs, i -> "n" + i).clock(clock).consoleProgress(false).noCheckpoint()
        .parallelism(2);
  }

  @Test
  void failuresAreRetriedWithCappedFullJitterBackoffWithoutSleeping() {
    Map<Integer, AtomicInteger> calls = new ConcurrentHashMap<>();
    BatchSpec<Integer> spec = batch("retry", List.of(1, 2, 3))
        .stage("flaky", t -> {
          int n = calls.computeIfAbsent(t.input(), k -> new AtomicInteger()).incrementAndGet();
          if (n < 4) {
            throw new IOException("try again " + n);
          }
          return t.attempt();
        })
        .retry(Retry.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .build();
    long before = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));
    assertThat(r.ok()).isEqualTo(3);
    for (TrialRecord rec : r.records()) {
      assertThat(rec.attempts()).isEqualTo(4);
      assertThat(rec.output("flaky")).isEqualTo(4);
    }
    assertThat(r.progress().retries()).isEqualTo(9);
    List<Duration> sleeps = clock.sleeps();
    assertThat(sleeps).hasSize(9);
    // bounds 1 s, 2 s, then capped at 3 s
    assertThat(sleeps).allMatch(d -> !d.isNegative() && d.compareTo(Duration.ofSeconds(3)) <= 0);
    Invariants.assertConsistent(r);
  }

  @Test
  void delayBoundDoublesPerAttemptAndIsCapped() {
    Retry retry = Retry.exponential(10, Duration.ofMillis(100), Duration.ofMillis(1000));
    Exception e = new IOException();
    assertThat(retry.delayAfter(1, e, 0.999)).isBetween(Duration.ofMillis(99), Duration.ofMillis(100));
    assertThat(retry.delayAfter(2, e, 0.999)).isBetween(Duration.ofMillis(199), Duration.ofMillis(200));
    assertThat(retry.delayAfter(3, e, 0.999)).isBetween(Duration.ofMillis(399), Duration.ofMillis(400));
    assertThat(retry.delayAfter(5, e, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
    assertThat(retry.delayAfter(60, e, 0.999)).isBetween(Duration.ofMillis(999), Duration.ofMillis(1000));
    assertThat(retry.delayAfter(3, e, 0.0)).isZero();
  }

  @Test
  void illegalArgumentIsNotRetriedByDefault() {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = batch("noretry", List.of(1))
        .stage("s", t -> {
          calls.incrementAndGet();
          throw new IllegalArgumentException("bad prompt");
        })
        .retry(Retry.exponential(5, Duration.ofSeconds(1), Duration.ofSeconds(3)))
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(calls.get()).isEqualTo(1);
    assertThat(r.failures().get(0).error().attempts()).isEqualTo(1);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void retryAfterIsHonouredEvenAboveTheCap() {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = batch("retryafter", List.of(1))
        .stage("s", t -> {
          if (calls.incrementAndGet() == 1) {
            throw new RetryAfterException("429 from server", Duration.ofSeconds(7));
          }
          return "ok";
        })
        .retry(Retry.exponential(3, Duration.ofMillis(10), Duration.ofMillis(50)))
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(1);
    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(7));
  }

  @Test
  void retryAfterIsRetriedEvenWhenThePredicateSaysNo() {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = batch("retryafter2", List.of(1))
        .stage("s", t -> {
          if (calls.incrementAndGet() < 3) {
            throw new RetryAfterException("503", Duration.ofMillis(500));
          }
          return "ok";
        })
        .retry(Retry.exponential(3, Duration.ofMillis(10), Duration.ofMillis(50)).retryIf(e -> false))
        .build();
    assertThat(Trialbook.runBatch(spec).ok()).isEqualTo(1);
    assertThat(calls.get()).isEqualTo(3);
  }

  @Test
  void exhaustedRetriesRecordEveryAttempt() {
    BatchSpec<Integer> spec = batch("exhausted", List.of(1, 2))
        .stage("s", t -> {
          throw new IOException("down");
        })
        .retry(Retry.exponential(3, Duration.ofMillis(5), Duration.ofMillis(50)))
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failures()).allMatch(f -> f.error().attempts() == 3 && f.attempts() == 3);
    assertThat(r.progress().retries()).isEqualTo(4);
    Invariants.assertConsistent(r);
  }

  @Test
  void stageRetryOverridesTheSpecs() {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = batch("stageretry", List.of(1))
        .stage(io.github.trialbook.batch.Stage.<Integer>of("s", t -> {
          calls.incrementAndGet();
          throw new IOException("x");
        }).withRetry(Retry.exponential(2, Duration.ZERO, Duration.ZERO)))
        .retry(Retry.exponential(6, Duration.ZERO, Duration.ZERO))
        .build();
    Trialbook.runBatch(spec);
    assertThat(calls.get()).isEqualTo(2);
  }
}
