/**
 * Evaluation: results as Tablesaw tables and the metrics computed from them (classification
 * reports, comparisons with McNemar and paired bootstrap, confusion matrices, ROC and PR curves,
 * threshold sweeps, bootstrap intervals), agreeing with scikit-learn's definitions.
 * A setting, column or value a metric cannot use fails with {@link
 * io.github.trialbook.eval.EvalArgumentException}, naming the field, the value and the fix.
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code batch.event} (the live metrics), {@code render}, {@code internal},
 * {@code tech.tablesaw}, {@code com.fasterxml.jackson}.
 */
package io.github.trialbook.eval;
