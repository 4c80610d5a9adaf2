/**
 * The event half of the vocabulary: what a running batch tells its listeners ({@link
 * io.github.trialbook.batch.event.BatchEvent}, {@link io.github.trialbook.batch.event.BatchListener})
 * and the progress snapshots the live view draws. Settled with {@code batch}: the two are one
 * vocabulary split in two packages, so the spec can take listeners and events can carry records;
 * the cycle check counts them as one unit.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}.
 */
package io.github.trialbook.batch.event;
