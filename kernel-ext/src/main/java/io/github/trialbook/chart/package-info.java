/**
 * XChart charts built from the evaluation tables (ROC, precision-recall, confusion heat map,
 * metric bars with interval whiskers, latency histogram, throughput) and from a batch's trial
 * records (a per-worker timeline, {@code TimelineChart}), in one Trialbook theme, and
 * encoded as PNG or SVG by {@code ChartEncoder}, the one encoder (the display renders bare XChart
 * charts through it too). With {@code eval}, the only place that uses XChart.
 * A bad argument (a size, a bin count, a column) fails with the evaluation's
 * {@link io.github.trialbook.eval.EvalArgumentException}, before anything is drawn.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code eval}, {@code render}, {@code internal}, {@code tech.tablesaw},
 * {@code org.knowm.xchart}.
 */
package io.github.trialbook.chart;
