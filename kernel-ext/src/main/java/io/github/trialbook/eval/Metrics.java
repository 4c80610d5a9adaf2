package io.github.trialbook.eval;

import io.github.trialbook.internal.FirstUse;
import tech.tablesaw.api.Table;

/**
 * Entry point for evaluation metrics over a results table (one row per trial). Every method
 * returns an immutable result object that is a {@link io.github.trialbook.render.Renderable}
 * (text and escaped HTML in a notebook cell) and exposes its numbers as a Tablesaw table. Numbers
 * follow scikit-learn's definitions.
 *
 * <pre>{@code
 * Table results = batchResult.table();
 * Metrics.classification(results, "label", "stage2.prediction").by("config");
 * Metrics.compare(results, "label", "stage1.prediction", "final.prediction")
 *     .positiveLabel("spam")
 *     .subset("handoff", row -> row.getString("stage1.decision").equals("handoff"));
 * Metrics.roc(results, "label", "stage1.score").positiveLabel("spam").auc();
 * }</pre>
 */
public final class Metrics {
  static {
    FirstUse.ensure(); // in a notebook kernel: renderers registered, SLF4J quiet (jupyter.Kernels)
  }

  private Metrics() {}

  /** Per-class precision / recall / F1 / support and averages, like {@code classification_report}. */
  public static ClassificationReport classification(Table table, String truth, String prediction) {
    return classification(table, ValueSource.column(truth), ValueSource.column(prediction));
  }

  /** As {@link #classification(Table, String, String)}, reading columns or row functions. */
  public static ClassificationReport classification(Table table, ValueSource truth,
      ValueSource prediction) {
    Tables.requireTable(table);
    return new ClassificationReport(table, truth, prediction);
  }

  /** Counts of (true, predicted) label pairs; normalise with {@link ConfusionMatrix#normalize}. */
  public static ConfusionMatrix confusion(Table table, String truth, String prediction) {
    return confusion(table, ValueSource.column(truth), ValueSource.column(prediction));
  }

  public static ConfusionMatrix confusion(Table table, ValueSource truth, ValueSource prediction) {
    Tables.requireTable(table);
    return new ConfusionMatrix(table, truth, prediction);
  }

  /** Two predictions of the same rows (e.g. stage 1 vs final): metrics, deltas, McNemar test. */
  public static Comparison compare(Table table, String truth, String predictionA,
      String predictionB) {
    return compare(table, ValueSource.column(truth), ValueSource.column(predictionA),
        ValueSource.column(predictionB));
  }

  public static Comparison compare(Table table, ValueSource truth, ValueSource predictionA,
      ValueSource predictionB) {
    Tables.requireTable(table);
    return Comparison.ofColumns(table, truth, predictionA, predictionB);
  }

  /**
   * Two configs on the same inputs: rows of {@code configA} and {@code configB} (column
   * {@code "config"}) are paired by {@code "input_id"}; see {@link Comparison#pairBy}.
   */
  public static Comparison compareConfigs(Table table, String truth, String prediction,
      String configA, String configB) {
    Tables.requireTable(table);
    return Comparison.ofConfigs(table, ValueSource.column(truth), ValueSource.column(prediction),
        configA, configB);
  }

  /** ROC curve and AUC of a score column against binary truth. */
  public static RocCurve roc(Table table, String truth, String score) {
    return new RocCurve(ScoreSpec.of(table, ValueSource.column(truth), ValueSource.column(score)));
  }

  public static RocCurve roc(Table table, ValueSource truth, ValueSource score) {
    return new RocCurve(ScoreSpec.of(table, truth, score));
  }

  /** Precision-recall curve and average precision of a score column. */
  public static PrecisionRecallCurve precisionRecall(Table table, String truth, String score) {
    return new PrecisionRecallCurve(
        ScoreSpec.of(table, ValueSource.column(truth), ValueSource.column(score)));
  }

  public static PrecisionRecallCurve precisionRecall(Table table, ValueSource truth,
      ValueSource score) {
    return new PrecisionRecallCurve(ScoreSpec.of(table, truth, score));
  }

  /** Precision, recall and F1 at every distinct score threshold, and the F1-optimal threshold. */
  public static ThresholdSweep thresholds(Table table, String truth, String score) {
    return new ThresholdSweep(
        ScoreSpec.of(table, ValueSource.column(truth), ValueSource.column(score)));
  }

  public static ThresholdSweep thresholds(Table table, ValueSource truth, ValueSource score) {
    return new ThresholdSweep(ScoreSpec.of(table, truth, score));
  }
}
