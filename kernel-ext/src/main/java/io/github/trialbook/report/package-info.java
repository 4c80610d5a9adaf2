/**
 * Reports of a run: a self-contained HTML page or a Markdown file (charts beside it as PNG) with
 * the run's summary, worker utilisation, throughput, latency per stage, retries and timeouts,
 * failures grouped by pattern, the completeness audit and metrics when asked. Built from a
 * {@link io.github.trialbook.report.ReportInput}, which {@code BatchResult.report()} and
 * {@code Trialbook.report(runDir)} assemble.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code store}, {@code eval}, {@code chart}, {@code render}, {@code internal},
 * {@code tech.tablesaw}.
 */
package io.github.trialbook.report;
