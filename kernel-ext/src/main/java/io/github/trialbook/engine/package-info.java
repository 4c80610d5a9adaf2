/**
 * The engine: exactly N workers over one config-interleaved queue, ordered stages, resource
 * permits, retries with backoff, per-stage timeouts, cancellation and progress. Only {@link
 * io.github.trialbook.engine.BatchRunner} is public; it reaches the store only through the {@code Checkpoint}
 * it is given (the {@code TrialStore} of earlier records that it fills, the sink, the final
 * manifest) and knows no table, chart, JSON or kernel library.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code batch.event}, {@code store.Checkpoint}, {@code store.TrialSink},
 * {@code store.TrialStore},
 * {@code store.UnserializableOutputException}, {@code stats}, {@code internal},
 * {@code com.sun.management} and {@code javax.management} (the heap after each collection).
 */
package io.github.trialbook.engine;
