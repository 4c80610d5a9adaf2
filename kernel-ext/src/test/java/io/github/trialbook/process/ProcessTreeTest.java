package io.github.trialbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Timeout, cancel and interrupt each end the whole tree, a grandchild ignoring SIGTERM too. */
class ProcessTreeTest {
  private static final Duration GRACE = Duration.ofMillis(800);
  private static final Duration WITHIN = GRACE.plusSeconds(1);

  @TempDir
  Path tmp;

  private BatchSpec<String> spec(Duration timeout) throws Exception {
    Path script = Scripts.stubborn(tmp);
    return Trialbook.batch("tree", List.of("x"), s -> s)
        .stage("sim", ProcessStage.command(t -> List.of(script.toString())).killGrace(GRACE).build())
        .timeout(timeout).cancelGrace(Duration.ofSeconds(5)).abandonAfter(Duration.ofSeconds(5))
        .runDir(tmp.resolve("run")).consoleProgress(false).parallelism(1).build();
  }

  private Path caseDir() {
    return CaseDirectory.of(tmp.resolve("run"), "default", "x");
  }

  @Test
  void aTimeoutEndsTheTree() throws Exception {
    BatchHandle h = Trialbook.startBatch(spec(Duration.ofSeconds(2)));
    List<Long> pids = Scripts.pids(caseDir(), Duration.ofSeconds(10));
    BatchResult r = h.await();
    assertThat(r.records().get(0).status()).isEqualTo(TrialStatus.TIMEOUT);
    assertThat(Scripts.allEnded(pids, WITHIN)).as("no process of %s alive", pids).isTrue();
    assertThat(tmp.resolve("run/processes").toFile().listFiles()).as("process records").allMatch(f -> f.length() == 0);
  }

  @Test
  void aCancelEndsTheTreeWithinTheKillGrace() throws Exception {
    BatchHandle h = Trialbook.startBatch(spec(Duration.ofMinutes(5)));
    List<Long> pids = Scripts.pids(caseDir(), Duration.ofSeconds(10));
    assertThat(Scripts.allEnded(pids, Duration.ZERO)).isFalse();
    String expected = "pid " + pids.get(0) + " · started grandchild";
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!String.valueOf(h.progress().running().get(0).note()).equals(expected)
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(h.progress().running().get(0).note()).isEqualTo(expected);
    assertThat(h.toText()).contains(expected);
    long t0 = System.nanoTime();
    h.cancel();
    assertThat(Scripts.allEnded(pids, WITHIN)).as("no process of %s alive", pids).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WITHIN);
    assertThat(h.await().isCancelled()).isTrue();
  }

  @Test
  void anInterruptOfRunBatchEndsTheTree() throws Exception {
    BatchSpec<String> spec = spec(Duration.ofMinutes(5));
    AtomicReference<BatchResult> result = new AtomicReference<>();
    Thread runner = new Thread(() -> result.set(Trialbook.runBatch(spec)));
    runner.start();
    List<Long> pids = Scripts.pids(caseDir(), Duration.ofSeconds(10));
    long t0 = System.nanoTime();
    runner.interrupt();
    assertThat(Scripts.allEnded(pids, WITHIN)).as("no process of %s alive", pids).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WITHIN);
    runner.join(10_000);
    assertThat(result.get().isCancelled()).isTrue();
    assertThat(Files.readString(caseDir().resolve("stderr.log"))).contains("started grandchild");
  }
}
