package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.testing.Invariants;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TimeoutTest {

  @Test
  void aStageOverItsTimeoutIsInterruptedAndRecordedAsTimeout() {
    BatchSpec<Integer> spec = Trialbook.batch("timeout", List.of(1, 2, 3, 4), i -> "n" + i)
        .stage("fast", t -> "ok")
        .stage("maybeHang", t -> {
          if (t.input() == 2) {
            Thread.sleep(60_000);
          }
          return "done";
        })
        .timeout(Duration.ofMillis(200))
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build();
    long start = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    TrialRecord hung = r.record("default/n2").orElseThrow();
    assertThat(hung.status()).isEqualTo(TrialStatus.TIMEOUT);
    assertThat(hung.stageStatus(1)).isEqualTo(StageStatus.TIMEOUT);
    assertThat(hung.error().exceptionClass()).endsWith("StageTimeoutException");
    assertThat(hung.error().message()).contains("maybeHang", "PT0.2S");
    assertThat(r.ok()).isEqualTo(3);
    assertThat(r.abandonedThreads()).isEmpty();
    Invariants.assertConsistent(r);
  }

  @Test
  void aTimedOutAttemptIsRetriedAndTheInterruptDoesNotLeakIntoTheNextAttempt() {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = Trialbook.batch("timeoutretry", List.of(1), i -> "n" + i)
        .stage(Stage.<Integer>of("s", t -> {
          if (calls.incrementAndGet() == 1) {
            Thread.sleep(60_000);
          }
          Thread.sleep(20); // would throw if a stale interrupt were pending
          return t.attempt();
        }).withTimeout(Duration.ofMillis(150)))
        .retry(Retry.exponential(3, Duration.ZERO, Duration.ZERO))
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(1);
    assertThat(r.records().get(0).output("s")).isEqualTo(2);
    assertThat(r.records().get(0).attempts()).isEqualTo(2);
  }

  @Test
  void aStageThatIgnoresInterruptsIsAbandonedAndItsWorkerReplaced() throws Exception {
    AtomicBoolean release = new AtomicBoolean();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    BatchSpec<Integer> spec = Trialbook.batch("abandon", IntStream.range(0, 40).boxed().toList(),
            i -> "n" + i)
        .stage("s", t -> {
          int now = running.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          try {
            if (t.input() == 0) {
              while (!release.get()) {
                Thread.onSpinWait(); // ignores interrupts
              }
            } else {
              Thread.sleep(5);
            }
          } finally {
            running.decrementAndGet();
          }
          return "ok";
        })
        .timeout(Duration.ofMillis(500)) // generous: the quick trials must not time out under load
        .abandonAfter(Duration.ofMillis(300))
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    release.set(true);
    assertThat(r.record("default/n0").orElseThrow().status()).isEqualTo(TrialStatus.TIMEOUT);
    assertThat(r.record("default/n0").orElseThrow().error().message()).contains("ignored");
    assertThat(r.ok()).as("failures %s", r.failures()).isEqualTo(39);
    assertThat(r.abandonedThreads()).hasSize(1);
    // the replacement kept two live workers, the abandoned one made a third runner for a while
    assertThat(peak.get()).isLessThanOrEqualTo(3);
    Invariants.assertConsistent(r);
    Invariants.assertNoThreadsLeft("abandon");
  }
}
