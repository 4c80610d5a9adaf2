package io.github.trialbook.forecast;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The pilot's trials of every config as {@link QueueSimulation} rows (stage times, then the
 * trial's overhead) and as sums of latency, failures, tokens and cost.
 *
 * <p>The overhead is the trial's latency minus its stage times: retry backoff and the engine's
 * own work. When a stage holds a resource it also holds the wait for a permit, which the
 * simulation models itself, so then every trial takes its config's smallest overhead instead.
 */
final class PilotMeasurements {
  private final int stages;
  private final long[][] rows;
  private final int[] count;
  private final int[] failed;
  private final long[] latencyNanos;
  private final boolean[] usageMeasured;
  private final long[] tokens;
  private final double[] costUsd;

  private PilotMeasurements(int stages, int configs) {
    this.stages = stages;
    this.rows = new long[configs][];
    this.count = new int[configs];
    this.failed = new int[configs];
    this.latencyNanos = new long[configs];
    this.usageMeasured = new boolean[configs];
    this.tokens = new long[configs];
    this.costUsd = new double[configs];
  }

  /** Measures the finished ones of {@code records}, which must be trials of {@code spec}. */
  static PilotMeasurements of(BatchSpec<?> spec, List<TrialRecord> records) {
    int stages = spec.stages().size();
    int configs = spec.configs().size();
    PilotMeasurements m = new PilotMeasurements(stages, configs);
    Map<String, Integer> configIndex = new HashMap<>();
    for (int c = 0; c < configs; c++) {
      configIndex.put(spec.configs().get(c).name(), c);
    }
    List<List<long[]>> byConfig = new ArrayList<>();
    for (int c = 0; c < configs; c++) {
      byConfig.add(new ArrayList<>());
    }
    for (TrialRecord r : records) {
      Integer c = configIndex.get(r.config());
      if (c == null || !r.status().isFinished()) {
        continue;
      }
      byConfig.get(c).add(m.add(c, r));
    }
    boolean resources = spec.stages().stream().anyMatch(s -> s.resource().isPresent());
    for (int c = 0; c < configs; c++) {
      m.rows[c] = flatten(byConfig.get(c), stages + 1, resources);
    }
    return m;
  }

  private long[] add(int c, TrialRecord r) {
    count[c]++;
    if (r.status() == TrialStatus.FAILED || r.status() == TrialStatus.TIMEOUT) {
      failed[c]++;
    }
    latencyNanos[c] += r.latencyNanos();
    long[] row = new long[stages + 1];
    long inStages = 0;
    for (int s = 0; s < stages; s++) {
      StageStatus status = r.stageStatus(s);
      boolean ran = status != StageStatus.NOT_RUN && status != StageStatus.SKIPPED;
      row[s] = ran ? r.stageNanos(s) : -1;
      inStages += ran ? r.stageNanos(s) : 0;
      Usage usage = Usage.of(r.output(s));
      if (usage != null) {
        usageMeasured[c] = true;
        tokens[c] += usage.totalTokens();
        costUsd[c] += usage.costUsd();
      }
    }
    row[stages] = Math.max(0, r.latencyNanos() - inStages);
    return row;
  }

  private static long[] flatten(List<long[]> list, int width, boolean smallestOverhead) {
    long overhead = list.stream().mapToLong(row -> row[width - 1]).min().orElse(0);
    long[] flat = new long[list.size() * width];
    for (int i = 0; i < list.size(); i++) {
      System.arraycopy(list.get(i), 0, flat, i * width, width);
      if (smallestOverhead) {
        flat[i * width + width - 1] = overhead;
      }
    }
    return flat;
  }

  /** The simulation rows of every config (see {@link QueueSimulation}). */
  long[][] rows() {
    return Arrays.stream(rows).map(long[]::clone).toArray(long[][]::new);
  }

  int count(int config) {
    return count[config];
  }

  /** Config {@code c} measured: projections for its {@code trials} trials. */
  ConfigForecast forecast(String name, int c, int trials) {
    int n = count[c];
    double perTrialTokens = n == 0 ? 0 : (double) tokens[c] / n;
    double perTrialCost = n == 0 ? 0 : costUsd[c] / n;
    return new ConfigForecast(name, n, trials, n == 0 ? 0 : (double) failed[c] / n,
        Duration.ofNanos(n == 0 ? 0 : latencyNanos[c] / n), usageMeasured[c], tokens[c], costUsd[c],
        Math.round(perTrialTokens * trials), perTrialCost * trials);
  }
}
