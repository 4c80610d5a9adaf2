/**
 * Kernel-neutral drawing: the live progress view (throttled, bounded in size, escaped), the
 * renderer registry that turns Trialbook values, Tablesaw tables and XChart charts into MIME
 * bundles, and the console view. It produces bundles and knows no kernel API.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code batch.event}, {@code eval}, {@code chart}, {@code render},
 * {@code internal}, {@code tech.tablesaw}, {@code org.knowm.xchart}.
 */
package io.github.trialbook.display;
