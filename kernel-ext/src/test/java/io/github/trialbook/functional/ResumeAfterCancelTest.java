package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResumeAfterCancelTest {
  @TempDir
  Path tmp;

  private final Map<String, AtomicInteger> finishedRuns = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> startedRuns = new ConcurrentHashMap<>();

  private BatchSpec<Integer> spec(Path runDir) {
    return Trialbook.batch("resumable", IntStream.range(0, 300).boxed().toList(), i -> "in" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("work", t -> {
          startedRuns.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(4);
          return t.input() * 10;
        })
        .stage("check", t -> {
          int v = t.output("work");
          finishedRuns.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          return v + 1;
        })
        .parallelism(6)
        .runDir(runDir)
        .consoleProgress(false)
        .build();
  }

  @Test
  void cancelThenResumeRunsEveryTrialToCompletionExactlyOnce() throws Exception {
    Path runDir = tmp.resolve("run");
    BatchHandle h = Trialbook.startBatch(spec(runDir));
    while (h.progress().doneTrials() < 100) {
      Thread.sleep(2);
    }
    h.cancel();
    BatchResult first = h.await();
    assertThat(first.isCancelled()).isTrue();
    long finishedFirst = first.ok();
    assertThat(finishedFirst).isBetween(100L, 599L);
    Invariants.assertConsistent(first);

    BatchResult second = Trialbook.runBatch(spec(runDir));
    assertThat(second.isCancelled()).isFalse();
    assertThat(second.progress().resumedTrials()).isEqualTo(finishedFirst);
    assertThat(second.ok()).isEqualTo(600);
    assertThat(second.records()).hasSize(600).allMatch(r -> r.status() == TrialStatus.OK);
    // a trial that finished in the first run never ran its last stage again
    assertThat(finishedRuns).hasSize(600).allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(1));
    for (TrialRecord r : second.records()) {
      assertThat(r.output("check")).isEqualTo(((Number) r.output("work")).intValue() + 1);
    }
    Invariants.assertConsistent(second);
    long lines = Files.readAllLines(runDir.resolve("trials.jsonl")).size();
    assertThat(lines).isEqualTo(600);
  }

  @Test
  void interruptingRunBatchThenRunningAgainResumes() throws Exception {
    Path runDir = tmp.resolve("run2");
    AtomicReference<BatchResult> result = new AtomicReference<>();
    Thread cell = new Thread(() -> result.set(Trialbook.runBatch(spec(runDir))));
    cell.start();
    Thread.sleep(150);
    cell.interrupt();
    cell.join(5000);
    assertThat(result.get().isCancelled()).isTrue();
    BatchResult resumed = Trialbook.runBatch(spec(runDir));
    assertThat(resumed.ok()).isEqualTo(600);
    assertThat(resumed.progress().resumedTrials()).isEqualTo(result.get().ok());
    assertThat(finishedRuns).allSatisfy((k, n) -> assertThat(n.get()).isEqualTo(1));
    Invariants.assertConsistent(resumed);
  }
}
