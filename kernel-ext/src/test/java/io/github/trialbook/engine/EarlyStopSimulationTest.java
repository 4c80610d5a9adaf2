package io.github.trialbook.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.EarlyStop;
import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.Order;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.stats.FixedIntervals;
import io.github.trialbook.store.Checkpoint;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The early stop's two promises, by simulation with a fake classifier of known accuracy and the
 * board looked at after every single input (the most a live view could peek): two configs of
 * equal quality are almost never stopped (at most 1 - confidence of runs), and a config 0.2
 * behind is stopped within a few hundred inputs. The naive rule (a fixed 95 % interval checked
 * after every input) is run beside it on the same data to show the simulation can tell them apart.
 */
class EarlyStopSimulationTest {
  private static final int RUNS = 300;
  private static final int INPUTS = 1500;

  record Item(String id, String label) {}

  /** Counts what one simulated run did. */
  private record Run(int stoppedAfter, boolean naiveStopped) {}

  @Test
  void equalConfigsAreStoppedInAtMostFivePercentOfRunsWhileThePeekingFixedIntervalIsFooled() {
    int falseStops = 0;
    int naiveFalseStops = 0;
    for (int seed = 0; seed < RUNS; seed++) {
      Run run = simulate(seed, 0.8, 0.8, "accuracy", null);
      falseStops += run.stoppedAfter() >= 0 ? 1 : 0;
      naiveFalseStops += run.naiveStopped() ? 1 : 0;
    }
    System.out.printf("false stops: %d of %d runs (%.1f %%); naive peeking: %d (%.1f %%)%n",
        falseStops, RUNS, 100.0 * falseStops / RUNS, naiveFalseStops,
        100.0 * naiveFalseStops / RUNS);
    assertThat(falseStops).isLessThanOrEqualTo(RUNS * 5 / 100);
    assertThat(naiveFalseStops).isGreaterThan(RUNS * 10 / 100);
  }

  @Test
  void aConfigPointTwoBehindIsStoppedWithinAFewHundredInputsInNinetyFivePercentOfRuns() {
    List<Integer> stoppedAfter = new ArrayList<>();
    int late = 0;
    for (int seed = 0; seed < RUNS; seed++) {
      Run run = simulate(1000 + seed, 0.8, 0.6, "accuracy", null);
      if (run.stoppedAfter() < 0 || run.stoppedAfter() > 400) {
        late++;
      } else {
        stoppedAfter.add(run.stoppedAfter());
      }
    }
    stoppedAfter.sort(null);
    System.out.printf("accuracy 0.8 vs 0.6: stopped within 400 inputs in %d of %d runs, median "
        + "after %d paired inputs%n", RUNS - late, RUNS, stoppedAfter.get(stoppedAfter.size() / 2));
    assertThat(late).isLessThanOrEqualTo(RUNS * 5 / 100);
  }

  @Test
  void fOneBehindByPointTwoIsStoppedAndEqualFOnesAreNot() {
    int late = 0;
    int falseStops = 0;
    List<Integer> after = new ArrayList<>();
    for (int seed = 0; seed < RUNS / 3; seed++) {
      Run behind = simulate(5000 + seed, 0.9, 0.7, "f1", "spam");
      if (behind.stoppedAfter() < 0) {
        late++;
      } else {
        after.add(behind.stoppedAfter());
      }
      falseStops += simulate(9000 + seed, 0.85, 0.85, "f1", "spam").stoppedAfter() >= 0 ? 1 : 0;
    }
    after.sort(null);
    System.out.printf("f1 (accuracy 0.9 vs 0.7): stopped in %d of %d runs, median after %d; "
        + "equal: %d false stops%n", RUNS / 3 - late, RUNS / 3, after.get(after.size() / 2),
        falseStops);
    assertThat(late).isLessThanOrEqualTo(RUNS / 3 * 5 / 100);
    assertThat(falseStops).isLessThanOrEqualTo(RUNS / 3 * 5 / 100);
  }

  /**
   * One run: configs A and B right with these probabilities, independently per input; the board
   * advances after every input. Returns after how many paired inputs B (or A) was stopped, -1
   * for never, and whether the naive fixed interval would have stopped one.
   */
  private static Run simulate(long seed, double accuracyA, double accuracyB, String metric,
      String positive) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < INPUTS; i++) {
      items.add(new Item("d" + i, random.nextDouble() < 0.5 ? "spam" : "ham"));
    }
    Evaluate<Item> evaluate = Evaluate.classification(Item::label, "label");
    if (positive != null) {
      evaluate = evaluate.positiveLabel(positive);
    }
    BatchSpec<Item> spec = BatchSpec.builder("sim", items, Item::id)
        .configs(Config.of("A"), Config.of("B"))
        .stage("label", t -> "unused")
        .evaluate(evaluate)
        .order(Order.shuffled(seed))
        .earlyStop(EarlyStop.whenBehind(metric).minTrials(50))
        .noCheckpoint()
        .build();
    LiveBoard<Item> board = new LiveBoard<>(spec, Checkpoint.open(spec, false).previous(),
        all(spec.trialCount()));
    int[] visit = new int[INPUTS];
    for (int i = 0; i < INPUTS; i++) {
      visit[spec.rankOf(i)] = i;
    }
    int[] stoppedAt = {-1};
    boolean naive = false;
    long n = 0;
    double sum = 0;
    double sumSquares = 0;
    for (int r = 0; r < INPUTS && stoppedAt[0] < 0; r++) {
      int in = visit[r];
      String truth = items.get(in).label();
      boolean rightA = random.nextDouble() < accuracyA;
      boolean rightB = random.nextDouble() < accuracyB;
      board.observe(spec.trialOf(0, in), record(spec, in, "A", rightA ? truth : other(truth)));
      board.observe(spec.trialOf(1, in), record(spec, in, "B", rightB ? truth : other(truth)));
      int paired = r + 1;
      board.advance(false, (c, why) -> stoppedAt[0] = paired);
      double d = (rightA ? 1 : 0) - (rightB ? 1 : 0);
      n++;
      sum += d;
      sumSquares += d * d;
      double[] fixed = FixedIntervals.normalMean(n, sum, sumSquares, 0.05);
      if (n >= 50 && (fixed[0] > 0 || fixed[1] < 0)) {
        naive = true;
      }
    }
    return new Run(stoppedAt[0], naive);
  }

  private static String other(String label) {
    return label.equals("spam") ? "ham" : "spam";
  }

  private static TrialRecord record(BatchSpec<Item> spec, int input, String config, String label) {
    return new TrialRecord(config, spec.inputIds().get(input), TrialStatus.OK, 0, 0, 0, 0,
        spec.stageNames(), new Object[] {label}, new long[1],
        new int[] {TrialRecord.packStage(StageStatus.OK, 1)}, null);
  }

  private static BitSet all(int n) {
    BitSet b = new BitSet(n);
    b.set(0, n);
    return b;
  }
}
