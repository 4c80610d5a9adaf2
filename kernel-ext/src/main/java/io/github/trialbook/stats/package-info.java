/**
 * Statistics that stay honest while a batch is watched: anytime-valid confidence sequences for
 * bounded means ({@link io.github.trialbook.stats.ConfidenceSequence}) and the fixed-sample
 * intervals reported beside them at the end ({@link io.github.trialbook.stats.FixedIntervals}).
 * Pure arithmetic, no threads, no I/O.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * nothing but the JDK.
 */
package io.github.trialbook.stats;
