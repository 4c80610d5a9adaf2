package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.testing.Invariants;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ParallelismTest {

  static List<Integer> inputs(int n) {
    return IntStream.range(0, n).boxed().toList();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 8, 32})
  void exactlyNTrialsRunAtOnceUnderLoad(int n) throws Exception {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    BatchSpec<Integer> spec = Trialbook.batch("par" + n, inputs(n * 6), i -> "in" + i)
        .stage("work", t -> {
          int now = running.incrementAndGet();
          peak.accumulateAndGet(now, Math::max);
          Thread.sleep(30);
          running.decrementAndGet();
          return t.input();
        })
        .parallelism(n)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(peak.get()).isEqualTo(n);
    assertThat(r.ok()).isEqualTo(n * 6L);
    assertThat(r.records()).extracting(rec -> rec.worker()).allMatch(w -> w >= 0 && w < n);
    Invariants.assertConsistent(r);
    Invariants.assertNoThreadsLeft("par" + n);
  }

  @Test
  void utilisationSaysHowBusyEachWorkerWas() {
    // 4 workers, 8 trials of 40 ms: all busy; then 8 workers for the same 8 trials of which
    // one takes 200 ms: seven workers sit idle most of the batch
    BatchResult full = Trialbook.runBatch(Trialbook.batch("busy", inputs(8), i -> "in" + i)
        .stage("work", t -> {
          Thread.sleep(40);
          return 1;
        }).parallelism(4).consoleProgress(false).noCheckpoint().build());
    BatchResult skewed = Trialbook.runBatch(Trialbook.batch("skewed", inputs(8), i -> "in" + i)
        .stage("work", t -> {
          Thread.sleep(t.input() == 0 ? 200 : 10);
          return 1;
        }).parallelism(8).consoleProgress(false).noCheckpoint().build());
    var busy = full.utilisation().orElseThrow();
    assertThat(busy.perWorker()).hasSize(4).allMatch(u -> u > 0.7 && u <= 1.0);
    var idle = skewed.utilisation().orElseThrow();
    assertThat(idle.perWorker()).hasSize(8);
    assertThat(idle.overall()).isLessThan(0.4);
    assertThat(idle.perWorker().stream().mapToDouble(Double::doubleValue).max().orElseThrow())
        .isGreaterThan(0.8);
    assertThat(io.github.trialbook.display.ProgressPanel.defaults().render(skewed.progress())
        .get("text/plain")).containsPattern("workers busy \\d+ %");
  }

  @Test
  void trialOrderInterleavesConfigs() {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    BatchSpec<Integer> spec = Trialbook.batch("order", inputs(3), i -> "in" + i)
        .configs(Config.of("A"), Config.of("B"), Config.of("C"))
        .stage("s", t -> order.add(t.key()))
        .parallelism(1)
        .consoleProgress(false).noCheckpoint()
        .build();
    Trialbook.runBatch(spec);
    assertThat(order).containsExactly("A/in0", "B/in0", "C/in0", "A/in1", "B/in1", "C/in1",
        "A/in2", "B/in2", "C/in2");
  }

  @Test
  void resourceLimitCapsOneStageWhileCheapStagesRunWide() {
    AtomicInteger local = new AtomicInteger();
    AtomicInteger localPeak = new AtomicInteger();
    AtomicInteger gpu = new AtomicInteger();
    AtomicInteger gpuPeak = new AtomicInteger();
    BatchSpec<Integer> spec = Trialbook.batch("limits", inputs(60), i -> "in" + i)
        .stage("local", t -> {
          localPeak.accumulateAndGet(local.incrementAndGet(), Math::max);
          Thread.sleep(20);
          local.decrementAndGet();
          return 1;
        })
        .stage("llm", "gpu", t -> {
          gpuPeak.accumulateAndGet(gpu.incrementAndGet(), Math::max);
          Thread.sleep(10);
          gpu.decrementAndGet();
          return 2;
        })
        .limit("gpu", 2)
        .parallelism(8)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(gpuPeak.get()).isEqualTo(2);
    assertThat(localPeak.get()).isGreaterThan(2);
    assertThat(r.ok()).isEqualTo(60);
    Invariants.assertConsistent(r);
  }
}
