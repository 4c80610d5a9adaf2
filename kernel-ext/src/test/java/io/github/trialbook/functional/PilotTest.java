package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.Order;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.Usage;
import io.github.trialbook.forecast.ConfigForecast;
import io.github.trialbook.forecast.Forecast;
import io.github.trialbook.forecast.ProjectedMetric;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PilotTest {
  private static final int INPUTS = 100;

  @TempDir
  Path tmp;

  private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** A stage output that says what it consumed, as the endpoint pool's ChatResult does. */
  record Answer(String text, int totalTokens, double costUsd) implements Usage {}

  private BatchSpec.Builder<Integer> builder() {
    return Trialbook.batch("pilot", IntStream.range(0, INPUTS).boxed().toList(), i -> "doc-" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("ask", t -> {
          runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
          Thread.sleep(2);
          if (t.config().name().equals("B") && t.input() == 0) {
            throw new IllegalStateException("B fails on doc-0");
          }
          int tokens = t.config().name().equals("A") ? 10 : 30;
          return new Answer("ok", tokens, tokens * 0.001);
        })
        .stage("check", "gpu", t -> {
          Thread.sleep(1);
          return true;
        })
        .limit("gpu", 2)
        .parallelism(4)
        .runDir(tmp.resolve("run"))
        .consoleProgress(false);
  }

  @Test
  void thePilotsTrialsAreKeptAndRunBatchRunsOnlyTheRest() {
    BatchSpec<Integer> spec = builder().build();
    Forecast f = Trialbook.pilot(spec, 0.02);

    // 2 % of 100 inputs is 2, raised to 5 per config: the first 5 inputs of each config
    Set<String> sample = IntStream.range(0, 5).boxed()
        .flatMap(i -> List.of("A/doc-" + i, "B/doc-" + i).stream()).collect(Collectors.toSet());
    assertThat(runs.keySet()).isEqualTo(sample);
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
    assertThat(f.pilotTrials()).isEqualTo(10);
    assertThat(f.remainingTrials()).isEqualTo(2 * INPUTS - 10);
    assertThat(f.parallelism()).isEqualTo(4);

    ConfigForecast a = f.config("A");
    assertThat(a.pilotTrials()).isEqualTo(5);
    assertThat(a.trials()).isEqualTo(INPUTS);
    assertThat(a.usageMeasured()).isTrue();
    assertThat(a.pilotTokens()).isEqualTo(50);
    assertThat(a.projectedTokens()).isEqualTo(10L * INPUTS);
    assertThat(a.projectedCostUsd()).isCloseTo(0.01 * INPUTS, within(1e-9));
    assertThat(a.failureShare()).isZero();
    ConfigForecast b = f.config("B");
    assertThat(b.failureShare()).isEqualTo(0.2);
    assertThat(b.pilotTokens()).isEqualTo(4 * 30); // the failed trial produced no output
    assertThat(b.projectedTokens()).isEqualTo(24L * INPUTS);
    assertThat(f.projectedTokens()).isEqualTo(34L * INPUTS);

    // 190 trials of at least 1 ms on 2 gpu permits: at least 95 ms, whatever the machine
    assertThat(f.wallTime().median()).isGreaterThanOrEqualTo(Duration.ofMillis(95))
        .isLessThan(Duration.ofSeconds(30));
    assertThat(f.wallTime().low()).isLessThanOrEqualTo(f.wallTime().median());
    assertThat(f.wallTime().high()).isGreaterThanOrEqualTo(f.wallTime().median());
    assertThat(f.toString()).contains("forecast of batch pilot", "190 trials left", "A", "B",
        "projected tokens", "3,400");

    Forecast again = Trialbook.pilot(builder().build(), 0.02);
    assertThat(runs.values()).allMatch(n -> n.get() == 1); // read back from the run directory
    assertThat(again.pilotTrials()).isEqualTo(10);
    assertThat(again.config("B").pilotTokens()).isEqualTo(120);
    assertThat(again.config("B").projectedCostUsd()).isCloseTo(b.projectedCostUsd(), within(1e-9));

    BatchResult r = Trialbook.runBatch(builder().build());
    assertThat(runs).hasSize(2 * INPUTS);
    assertThat(runs.values()).allMatch(n -> n.get() == 1);
    assertThat(r.records()).hasSize(2 * INPUTS);
    assertThat(r.progress().resumedTrials()).isEqualTo(10);
    assertThat(r.failed()).isEqualTo(1);
    Invariants.assertConsistent(r);
    BatchResult opened = Trialbook.open(tmp.resolve("run"));
    assertThat(opened.records()).extracting(TrialRecord::key).doesNotHaveDuplicates()
        .hasSize(2 * INPUTS);
    assertThat(opened.records()).allMatch(rec -> opened.history(rec.key()).size() == 1);
  }

  @Test
  void aShuffledOrderSamplesTheFirstInputsOfThatOrder() {
    BatchSpec<Integer> spec = builder().order(Order.shuffled(3)).build();
    Forecast f = Trialbook.pilot(spec, 0.1);
    Set<String> expected = IntStream.range(0, INPUTS).filter(i -> spec.rankOf(i) < 10)
        .boxed().flatMap(i -> List.of("A/doc-" + i, "B/doc-" + i).stream())
        .collect(Collectors.toSet());
    assertThat(runs.keySet()).isEqualTo(expected);
    assertThat(f.pilotTrials()).isEqualTo(20);
    assertThat(f.remainingTrials()).isEqualTo(2 * INPUTS - 20);
  }

  @Test
  void anEvaluatingSpecGetsProjectedFinalIntervalsNarrowerThanThePilots() {
    BatchSpec<Integer> spec = builder()
        .stage("label", t -> t.input() % 4 == 0 ? "neg" : "pos")
        .evaluate(Evaluate.<Integer>classification(i -> i % 5 == 0 ? "neg" : "pos", "label")
            .positiveLabel("pos"))
        .order(Order.shuffled(5))
        .build();
    Forecast f = Trialbook.pilot(spec, 0.2);
    ProjectedMetric accuracyA = f.projectedMetrics().stream()
        .filter(m -> m.config().equals("A") && m.metric().equals("accuracy")).findFirst()
        .orElseThrow();
    assertThat(accuracyA.pilotEvaluated()).isEqualTo(20);
    assertThat(accuracyA.finalEvaluated()).isEqualTo(INPUTS);
    assertThat(accuracyA.projectedHigh() - accuracyA.projectedLow())
        .isCloseTo((accuracyA.pilotHigh() - accuracyA.pilotLow()) * Math.sqrt(20.0 / INPUTS),
            org.assertj.core.data.Offset.offset(1e-9));
    assertThat(accuracyA.projectedLow()).isLessThanOrEqualTo(accuracyA.pilotValue());
    assertThat(f.projectedMetrics()).extracting(ProjectedMetric::metric)
        .contains("accuracy", "precision", "recall", "f1");
    assertThat(f.toText()).contains("projected metrics:");
  }

  @Test
  void aFractionOfOneRunsEverythingAndLeavesNothing() {
    Forecast f = Trialbook.pilot(builder().build(), 1.0);
    assertThat(runs).hasSize(2 * INPUTS);
    assertThat(f.remainingTrials()).isZero();
    assertThat(f.wallTime().median()).isEqualTo(Duration.ZERO);
  }

  @Test
  void aFractionOutsideZeroToOneIsRefusedNamingTheField() {
    for (double bad : new double[] {0, -0.5, 1.5, Double.NaN}) {
      assertThatThrownBy(() -> Trialbook.pilot(builder().build(), bad))
          .isInstanceOf(BatchConfigException.class)
          .hasMessageContaining("fraction of pilot(spec, fraction) must be in (0, 1]")
          .hasMessageContaining("0.02");
    }
    assertThat(runs).isEmpty();
  }

  @Test
  void aSpecWithoutCheckpointsIsRefusedWithTheFix() {
    assertThatThrownBy(() -> Trialbook.pilot(builder().noCheckpoint().build(), 0.02))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("batch pilot was built with noCheckpoint()")
        .hasMessageContaining("remove noCheckpoint()");
    assertThat(runs).isEmpty();
  }
}
