/**
 * The shared vocabulary: a batch's spec and its builder (with its {@code OnFinish} callbacks,
 * typed by the lambda since the result type lives above this package), configs, stages, retry
 * and checkpoint policies, the clock, trial records and statuses, the secret policy and the
 * exceptions. Every other package speaks it; it needs only the JDK.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch.event} (the listeners a spec takes), {@code internal}.
 */
package io.github.trialbook.batch;
