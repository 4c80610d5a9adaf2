/**
 * Sweeps: parameter grids, zipped axes, explicit point lists and seeded random samples expanded
 * to configs with unique, file-safe case names (two points that map to one name are an error
 * before anything runs). The axes travel with the configs, so the manifest, the audit and the
 * results table know the expected cases.
 *
 * <pre>{@code
 * List<Config> points = Sweep.grid(Map.of("T", List.of(300, 350), "eps", List.of(0.1, 1.0))).configs();
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code internal}.
 */
package io.github.trialbook.sweep;
