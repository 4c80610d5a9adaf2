/**
 * The run directory: manifest, append-only JSON Lines trial log with group commit, resume
 * (latest record per key, torn tail repaired), fingerprints that refuse a changed spec, and the
 * sink the engine writes to. {@link io.github.trialbook.store.Checkpoint} is the one way in for a
 * batch, {@link io.github.trialbook.store.StoredRun} for reading a run back; the log, codec,
 * manifest and fingerprint are package-private.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code internal}, {@code com.fasterxml.jackson}.
 */
package io.github.trialbook.store;
