package io.github.trialbook.forecast;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes a {@link Forecast} from a pilot's records: the queue of the remaining trials simulated
 * with the pilot's measured latencies ({@link QueueSimulation}, with the spec's parallelism and
 * resource limits), tokens and cost per config from the stage outputs that carry usage. The
 * interval's high end is raised by 3 % ({@code UNMEASURED_COSTS}) for what the simulation
 * cannot see.
 * {@code Trialbook.pilot} runs the pilot and calls it.
 *
 * <pre>{@code
 * Forecast f = Forecaster.forecast(spec, pilotRecords, remainingTrials, pilotElapsed);
 * }</pre>
 */
public final class Forecaster {
  /** The simulations' seed: the same pilot gives the same forecast. */
  private static final long SEED = 16L;
  /**
   * What the interval's high end adds for the engine's costs no record measures (a waiting
   * thread's wake-up when a permit comes free, the work between trials): only ever more time,
   * 1–2 % of a resource-bound batch in {@code bin/bench forecast}.
   */
  static final double UNMEASURED_COSTS = 0.03;

  private Forecaster() {}

  /**
   * The forecast of {@code spec} from {@code pilot} (its sample's records; unfinished ones are
   * ignored) for the {@code remaining} trials (trial numbers, any order).
   *
   * @throws BatchConfigException if a config with remaining trials has no finished pilot trial
   */
  public static Forecast forecast(BatchSpec<?> spec, List<TrialRecord> pilot, int[] remaining,
      Duration pilotElapsed) {
    PilotMeasurements measured = PilotMeasurements.of(spec, pilot);
    int[] queue = remaining.clone();
    Arrays.sort(queue); // the natural order hands trials out by number
    if (spec.order().isShuffled()) {
      queue = spec.inQueueOrder(queue);
    }
    int[] configOfTrial = new int[queue.length];
    boolean[] pending = new boolean[spec.configs().size()];
    for (int i = 0; i < queue.length; i++) {
      configOfTrial[i] = spec.configIndexOf(queue[i]);
      pending[configOfTrial[i]] = true;
    }
    List<ConfigForecast> configs = new ArrayList<>();
    int pilotTrials = 0;
    for (int c = 0; c < pending.length; c++) {
      String name = spec.configs().get(c).name();
      if (pending[c] && measured.count(c) == 0) {
        throw new BatchConfigException("the pilot of batch " + spec.name() + " has no finished "
            + "trial of config " + name + " to forecast from (was it cancelled?); run "
            + "Trialbook.pilot(spec, fraction) again");
      }
      configs.add(measured.forecast(name, c, spec.inputs().size()));
      pilotTrials += measured.count(c);
    }
    WallTime simulated = simulation(spec).project(configOfTrial, measured.rows(), SEED);
    WallTime wall = new WallTime(simulated.median(), simulated.low(),
        Duration.ofNanos(Math.round(simulated.high().toNanos() * (1 + UNMEASURED_COSTS))),
        simulated.simulations());
    return new Forecast(spec.name(), spec.parallelism(), pilotTrials, pilotElapsed, queue.length,
        wall, configs, List.of());
  }

  private static QueueSimulation simulation(BatchSpec<?> spec) {
    Map<String, Integer> resourceIndex = new HashMap<>();
    int[] permits = new int[spec.limits().size()];
    spec.limits().forEach((name, limit) -> {
      permits[resourceIndex.size()] = limit;
      resourceIndex.put(name, resourceIndex.size());
    });
    int[] resourceOfStage = spec.stages().stream()
        .mapToInt(s -> s.resource().map(resourceIndex::get).orElse(-1)).toArray();
    return new QueueSimulation(spec.parallelism(), resourceOfStage, permits);
  }
}
