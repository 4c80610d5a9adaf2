package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Parallelism;
import io.github.trialbook.testing.Invariants;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code Parallelism.auto()}: stages that wait (sleep, as on a server) make it grow well past
 * the cores; a resource limit caps it; every trial still runs once and the view says why the
 * count changed.
 */
class AutoParallelismTest {
  @Test
  void waitingStagesGrowTheWorkersAndTheViewSaysWhy() throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    BatchHandle h = Trialbook.startBatch(Trialbook.batch("auto", IntStream.range(0, 3000).boxed()
            .toList(), i -> "i" + i)
        .stage("wait", t -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(10);
          running.decrementAndGet();
          return t.input();
        })
        .parallelism(Parallelism.auto(64))
        .noCheckpoint().consoleProgress(false).build());
    String note = null;
    while (!h.isDone()) {
      String w = h.progress().workers();
      if (w != null && w.contains("grew from")) {
        note = w;
      }
      Thread.sleep(20);
    }
    BatchResult r = h.await();
    Invariants.assertConsistent(r);
    assertThat(r.ok()).isEqualTo(3000);
    assertThat(peak.get()).isGreaterThanOrEqualTo(16).isLessThanOrEqualTo(64);
    assertThat(note).matches("\\d+ workers \\(auto, up to 64\\); grew from \\d+: cores \\d+ % busy "
        + "at \\d+ trials/s");
  }

  @Test
  void aResourceEveryStageNeedsCapsTheWorkers() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    BatchResult r = Trialbook.runBatch(Trialbook.batch("capped", IntStream.range(0, 400).boxed()
            .toList(), i -> "i" + i)
        .stage("gpu", "gpu", t -> {
          peak.accumulateAndGet(running.incrementAndGet(), Math::max);
          Thread.sleep(5);
          running.decrementAndGet();
          return 1;
        })
        .limit("gpu", 3)
        .parallelism(Parallelism.auto(64))
        .noCheckpoint().consoleProgress(false).build());
    assertThat(r.ok()).isEqualTo(400);
    assertThat(peak.get()).isLessThanOrEqualTo(3);
    assertThat(r.progress().workers()).contains("workers (auto, up to 3)");
  }

  @Test
  void badCapsAreRefusedNamingTheRange() {
    assertThatThrownBy(() -> Parallelism.auto(0)).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("Parallelism.auto(256)");
    assertThatThrownBy(() -> Parallelism.fixed(5000)).isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("between 1 and 4096");
  }
}
