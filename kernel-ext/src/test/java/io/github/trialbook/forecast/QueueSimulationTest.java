package io.github.trialbook.forecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QueueSimulationTest {
  private static final long MS = 1_000_000L;
  private static final int NONE = -1;

  private static long wall(QueueSimulation sim, int trials, long[][] samples) {
    return sim.wallNanos(new int[trials], samples, new SplittableRandom(1));
  }

  @Test
  void constantLatencyTakesCeilOfTrialsOverWorkersRounds() {
    QueueSimulation sim = new QueueSimulation(4, new int[] {NONE}, new int[0]);
    long[][] samples = {{3 * MS, 0}};
    assertThat(wall(sim, 10, samples)).isEqualTo(3 * 3 * MS); // ceil(10 / 4) = 3 rounds
    assertThat(wall(sim, 8, samples)).isEqualTo(2 * 3 * MS);
    assertThat(wall(sim, 1, samples)).isEqualTo(3 * MS);
  }

  @Test
  void theOverheadOfEveryTrialIsPartOfItsWorkersTime() {
    QueueSimulation sim = new QueueSimulation(2, new int[] {NONE}, new int[0]);
    assertThat(wall(sim, 6, new long[][] {{3 * MS, MS}})).isEqualTo(3 * 4 * MS);
  }

  @Test
  void aResourceCapBelowTheParallelismBoundsTheStage() {
    QueueSimulation sim = new QueueSimulation(16, new int[] {0}, new int[] {2});
    assertThat(wall(sim, 10, new long[][] {{5 * MS, 0}})).isEqualTo(5 * 5 * MS); // ceil(10 / 2)
  }

  @Test
  void aTwoStagePipelineIsBoundByItsCappedStage() {
    // stage 0 free (1 ms), stage 1 on a resource of one permit (2 ms): after the first 1 ms the
    // permit never idles, so the batch takes 1 + 10 × 2 ms
    QueueSimulation sim = new QueueSimulation(4, new int[] {NONE, 0}, new int[] {1});
    assertThat(wall(sim, 10, new long[][] {{MS, 2 * MS, 0}})).isEqualTo(21 * MS);
  }

  @Test
  void twoStagesWithoutResourcesAddUp() {
    QueueSimulation sim = new QueueSimulation(3, new int[] {NONE, NONE}, new int[0]);
    assertThat(wall(sim, 9, new long[][] {{MS, 2 * MS, 0}})).isEqualTo(3 * 3 * MS);
  }

  @Test
  void aStageThatDidNotRunTakesNoTimeAndNoPermit() {
    // the trial failed in stage 0: stage 1 (-1) neither runs nor waits for the single permit
    QueueSimulation sim = new QueueSimulation(4, new int[] {NONE, 0}, new int[] {1});
    assertThat(wall(sim, 8, new long[][] {{2 * MS, -1, 0}})).isEqualTo(2 * 2 * MS);
  }

  @Test
  void eachTrialDrawsFromItsOwnConfigsSamples() {
    QueueSimulation sim = new QueueSimulation(2, new int[] {NONE}, new int[0]);
    long[][] samples = {{MS, 0}, {10 * MS, 0}};
    // queue A B A B: worker 0 runs A (to 1 ms), the second A (to 2 ms), then the second B (to
    // 12 ms) while worker 1 runs the first B (to 10 ms)
    assertThat(sim.wallNanos(new int[] {0, 1, 0, 1}, samples, new SplittableRandom(1)))
        .isEqualTo(12 * MS);
  }

  @Test
  void theIntervalHoldsTheMedianAndASeedRepeatsIt() {
    QueueSimulation sim = new QueueSimulation(8, new int[] {NONE, 0}, new int[] {3});
    long[][] samples = {{MS, 2 * MS, 10_000, 3 * MS, MS, 20_000, 2 * MS, 5 * MS, 0, 4 * MS, 1, 0}};
    int[] trials = new int[500];
    WallTime w = sim.project(trials, samples, 7);
    assertThat(w.low()).isLessThanOrEqualTo(w.median());
    assertThat(w.median()).isLessThanOrEqualTo(w.high());
    assertThat(w.low()).isLessThan(w.high());
    assertThat(w.simulations()).isEqualTo(QueueSimulation.MAX_RUNS);
    assertThat(sim.project(trials, samples, 7)).isEqualTo(w);
    assertThat(sim.project(trials, samples, 8)).isNotEqualTo(w);
  }

  @Test
  void largeBatchesRunFewerSimulationsButNeverTooFew() {
    QueueSimulation sim = new QueueSimulation(8, new int[] {NONE, NONE}, new int[0]);
    assertThat(sim.runsFor(1_000)).isEqualTo(QueueSimulation.MAX_RUNS);
    assertThat(sim.runsFor(1_000_000)).isEqualTo(QueueSimulation.MIN_RUNS);
    assertThat(sim.runsFor(200_000)).isBetween(QueueSimulation.MIN_RUNS, QueueSimulation.MAX_RUNS);
  }

  @Test
  void wallTimeIntervalContainsItsEnds() {
    WallTime w = new WallTime(Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(6),
        10);
    assertThat(w.contains(Duration.ofSeconds(4))).isTrue();
    assertThat(w.contains(Duration.ofMillis(6001))).isFalse();
    assertThat(w).hasToString("5 s (80 %: 4 s – 6 s)");
  }
}
