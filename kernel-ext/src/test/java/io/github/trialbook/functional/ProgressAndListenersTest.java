package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.BatchListener;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.testing.Invariants;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ProgressAndListenersTest {

  @Test
  void aSnapshotShowsWhatEachWorkerRunsAndCountsPerConfig() throws Exception {
    BatchSpec<Integer> spec = Trialbook.batch("snap", IntStream.range(0, 40).boxed().toList(),
            i -> "n" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("prep", t -> 1)
        .stage("slow", t -> {
          Thread.sleep(40);
          return 2;
        })
        .parallelism(4)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchHandle h = Trialbook.startBatch(spec);
    ProgressSnapshot mid = null;
    for (int i = 0; i < 200 && (mid == null || mid.runningTotal() < 4); i++) {
      Thread.sleep(10);
      mid = h.progress();
    }
    assertThat(mid.runningTotal()).isEqualTo(4);
    assertThat(mid.running()).hasSize(4).allSatisfy(task -> {
      assertThat(task.worker()).isBetween(0, 3);
      assertThat(task.config()).isIn("A", "B");
      assertThat(task.inputId()).startsWith("n");
      assertThat(task.stage()).isIn("prep", "slow");
    });
    assertThat(mid.state()).isEqualTo(ProgressSnapshot.State.RUNNING);
    assertThat(mid.totalTrials()).isEqualTo(80);
    assertThat(mid.totalStages()).isEqualTo(160);
    BatchResult r = h.await();
    ProgressSnapshot end = r.progress();
    assertThat(end.state()).isEqualTo(ProgressSnapshot.State.FINISHED);
    assertThat(end.fraction()).isEqualTo(1.0);
    assertThat(end.configs()).extracting(ProgressSnapshot.ConfigProgress::done)
        .containsExactly(40L, 40L);
    assertThat(end.running()).isEmpty();
    assertThat(end.eta()).isEmpty();
    Invariants.assertConsistent(r);
  }

  @Test
  void aHandleAsACellValueShowsTheProgressOfThatMoment() throws Exception {
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    BatchHandle h = Trialbook.startBatch(Trialbook.batch("peek", List.of(1, 2, 3), i -> "<i>" + i)
        .stage("wait", t -> {
          release.await();
          return t.input();
        })
        .parallelism(3).consoleProgress(false).noCheckpoint().build());
    for (int i = 0; i < 200 && h.progress().runningTotal() < 3; i++) {
      Thread.sleep(10);
    }
    Map<String, String> running = h.mimeBundle();
    assertThat(running.get("text/plain")).startsWith("peek: running, 0/3 trials")
        .contains("default × <i>1");
    assertThat(running.get("text/html")).contains("default × &lt;i&gt;1").doesNotContain("<i>1");
    release.countDown();
    h.await();
    assertThat(h.toText()).startsWith("peek: finished, 3/3 trials (3 ok, 0 failed)");
    assertThat(h.toHtml()).contains("finished, 3/3 trials");
  }

  @Test
  void snapshotsCarryStatusPanelsAndSkipABrokenOne() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BatchSpec<Integer> spec = Trialbook.batch("panels", IntStream.range(0, 4).boxed().toList(),
            i -> "n" + i)
        .stage("s", t -> {
          Thread.sleep(50);
          return 1;
        })
        .panel(() -> "endpoints: " + calls.incrementAndGet() + " probes")
        .panel(() -> {
          throw new IllegalStateException("broken panel");
        })
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchHandle h = Trialbook.startBatch(spec);
    ProgressSnapshot mid = h.progress();
    assertThat(mid.panels()).hasSize(1).first().asString().startsWith("endpoints: ");
    BatchResult r = h.await();
    assertThat(r.progress().panels()).hasSize(1);
    assertThat(r.ok()).isEqualTo(4);
  }

  @Test
  void etaFollowsTheRate() {
    ProgressSnapshot p = new ProgressSnapshot("x", ProgressSnapshot.State.RUNNING, 100, 40, 40, 0,
        0, 0, 0, 100, 40, 0, 0, List.of(), 0, List.of(), List.of(), 20.0, Duration.ofSeconds(2), 0);
    assertThat(p.eta()).contains(Duration.ofSeconds(3));
    assertThat(p.fraction()).isEqualTo(0.4);
  }

  @Test
  void eventsArriveInOrderExactlyOncePerTrialAndBadListenersCannotHurtTheBatch() throws Exception {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger snapshots = new AtomicInteger();
    BatchListener recording = new BatchListener() {
      @Override
      public void onTrialStarted(BatchEvent.TrialStarted e) {
        log.add("start " + e.key());
      }

      @Override
      public void onAttemptFailed(BatchEvent.AttemptFailed e) {
        log.add("failed " + e.key());
      }

      @Override
      public void onTrialFinished(BatchEvent.TrialFinished e) {
        log.add("finish " + e.record().key());
      }

      @Override
      public void onProgress(ProgressSnapshot s) {
        snapshots.incrementAndGet();
      }

      @Override
      public void onBatchFinished(BatchEvent.BatchFinished e) {
        log.add("end " + e.progress().doneTrials());
      }
    };
    BatchListener throwing = new BatchListener() {
      @Override
      public void onTrialFinished(BatchEvent.TrialFinished e) {
        throw new IllegalStateException("listener bug");
      }
    };
    BatchListener slow = new BatchListener() {
      @Override
      public void onTrialStarted(BatchEvent.TrialStarted e) {
        try {
          Thread.sleep(2);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
        }
      }
    };
    BatchSpec<Integer> spec = Trialbook.batch("events", IntStream.range(0, 200).boxed().toList(),
            i -> "n" + i)
        .stage("s", t -> {
          if (t.input() % 50 == 0) {
            throw new IllegalArgumentException("no");
          }
          return 1;
        })
        .listener(throwing).listener(slow).listener(recording)
        .progressInterval(Duration.ofMillis(20))
        .parallelism(4)
        .consoleProgress(false).noCheckpoint()
        .build();
    long start = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(196);
    Map<String, List<String>> perTrial = new HashMap<>();
    for (String line : log) {
      String[] parts = line.split(" ");
      if (!parts[0].equals("end")) {
        perTrial.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[0]);
      }
    }
    assertThat(perTrial).hasSize(200);
    perTrial.forEach((key, events) -> {
      assertThat(events.get(0)).isEqualTo("start");
      assertThat(events.get(events.size() - 1)).isEqualTo("finish");
      assertThat(events).filteredOn("finish"::equals).hasSize(1);
    });
    assertThat(log.get(log.size() - 1)).isEqualTo("end 200");
    assertThat(snapshots.get()).isPositive();
    Invariants.assertConsistent(r);
    Invariants.assertNoThreadsLeft("events");
  }
}
