package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.testing.Invariants;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CancelTest {

  private static BatchSpec<Integer> slowBatch(String name) {
    return Trialbook.batch(name, IntStream.range(0, 400).boxed().toList(), i -> "n" + i)
        .stage("a", t -> t.input())
        .stage("b", t -> {
          Thread.sleep(25);
          return "b";
        })
        .parallelism(4)
        .consoleProgress(false).noCheckpoint()
        .build();
  }

  @Test
  void cancelStopsTakingTrialsInterruptsRunningStagesAndKeepsWhatFinished() throws Exception {
    BatchHandle h = Trialbook.startBatch(slowBatch("cancel"));
    while (h.progress().doneTrials() < 20) {
      Thread.sleep(5);
    }
    long start = System.nanoTime();
    h.cancel();
    BatchResult r = h.await();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.progress().state()).isEqualTo(ProgressSnapshot.State.CANCELLED);
    assertThat(r.ok()).isBetween(20L, 399L);
    assertThat(r.notStarted()).isPositive();
    assertThat(r.records()).filteredOn(rec -> rec.status() == TrialStatus.CANCELLED)
        .allMatch(rec -> rec.error() == null);
    Invariants.assertConsistent(r);
    Invariants.assertNoThreadsLeft("cancel");
  }

  @Test
  void interruptingTheThreadInRunBatchCancelsAndReturnsTheResult() throws Exception {
    AtomicReference<BatchResult> result = new AtomicReference<>();
    Thread cell = new Thread(() -> result.set(Trialbook.runBatch(slowBatch("interrupt"))));
    cell.start();
    Thread.sleep(300);
    long start = System.nanoTime();
    cell.interrupt();
    cell.join(5000);
    assertThat(cell.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    BatchResult r = result.get();
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.ok()).isPositive().isLessThan(400);
    Invariants.assertConsistent(r);
    Invariants.assertNoThreadsLeft("interrupt");
  }

  @Test
  void cancelWaitsOnlyTheGraceForAStageThatIgnoresInterrupts() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
    BatchSpec<Integer> spec = Trialbook.batch("stubborn", List.of(1, 2, 3), i -> "n" + i)
        .stage("s", t -> {
          while (!release.get()) {
            Thread.onSpinWait();
          }
          return 1;
        })
        .parallelism(1)
        .cancelGrace(Duration.ofMillis(300))
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchHandle h = Trialbook.startBatch(spec);
    Thread.sleep(100);
    long start = System.nanoTime();
    h.cancel();
    BatchResult r = h.await();
    release.set(true);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.abandonedThreads()).hasSize(1);
    TrialRecord only = r.records().get(0);
    assertThat(only.status()).isEqualTo(TrialStatus.CANCELLED);
    Invariants.assertConsistent(r);
  }
}
