/**
 * Forecasts of a batch from a pilot: which trials a pilot samples
 * ({@link io.github.trialbook.forecast.PilotSample}), a discrete-event simulation of the queue with
 * the pilot's measured latencies, and the {@link io.github.trialbook.forecast.Forecast} it gives
 * (wall time with an 80 % interval, tokens and cost per config). {@code Trialbook.pilot} runs the
 * pilot and makes the forecast.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code batch.event} (a pilot's live metrics), {@code render}, {@code internal}.
 */
package io.github.trialbook.forecast;
