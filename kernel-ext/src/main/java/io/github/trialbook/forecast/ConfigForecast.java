package io.github.trialbook.forecast;

import java.time.Duration;

/**
 * What a pilot measured of one config and what it projects for all of the config's trials.
 * Tokens and cost count the stage outputs that carry usage ({@link io.github.trialbook.batch.Usage},
 * e.g. the endpoint pool's {@code ChatResult}); projected is the pilot's mean per trial times the
 * config's trials.
 *
 * <pre>{@code
 * ConfigForecast b = Trialbook.pilot(spec, 0.02).config("B");
 * System.out.printf("B: about $%.2f for %d trials%n", b.projectedCostUsd(), b.trials());
 * }</pre>
 *
 * @param config the config's name
 * @param pilotTrials the pilot's finished trials of this config
 * @param trials the config's trials in the batch (one per input)
 * @param failureShare the share of the pilot's trials that failed or timed out
 * @param meanLatency the mean latency of the pilot's trials
 * @param usageMeasured whether any stage output of the pilot carried usage
 * @param pilotTokens tokens the pilot's trials used
 * @param pilotCostUsd what the pilot's trials cost
 * @param projectedTokens tokens projected for all of the config's trials
 * @param projectedCostUsd cost projected for all of the config's trials
 */
public record ConfigForecast(String config, int pilotTrials, int trials, double failureShare,
    Duration meanLatency, boolean usageMeasured, long pilotTokens, double pilotCostUsd,
    long projectedTokens, double projectedCostUsd) {}
