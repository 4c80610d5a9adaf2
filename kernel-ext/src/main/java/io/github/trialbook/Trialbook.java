package io.github.trialbook;

import io.github.trialbook.internal.FirstUse;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.eval.ClassificationReport;
import io.github.trialbook.eval.Comparison;
import io.github.trialbook.eval.ConfusionMatrix;
import io.github.trialbook.eval.Metrics;
import io.github.trialbook.eval.PrecisionRecallCurve;
import io.github.trialbook.eval.RocCurve;
import io.github.trialbook.eval.ThresholdSweep;
import io.github.trialbook.forecast.Forecast;
import io.github.trialbook.jupyter.Kernels;
import io.github.trialbook.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * The notebook facade: build a batch, run it with live progress, get the results back. Every
 * method delegates to one class of a package; import it statically in a notebook.
 *
 * <pre>{@code
 * import static io.github.trialbook.Trialbook.*;
 *
 * BatchSpec<String> spec = batch("lengths", List.of("a", "bb", "ccc"), s -> s)
 *     .configs(Config.of("A"), Config.of("B"))
 *     .stage("len", t -> t.input().length())
 *     .parallelism(4)
 *     .build();
 * BatchResult r = runBatch(spec);
 * r.table();
 * }</pre>
 */
public final class Trialbook {
  static {
    FirstUse.ensure(); // in a notebook kernel: renderers registered, SLF4J quiet (jupyter.Kernels)
  }

  private Trialbook() {}

  /**
   * Starts a batch spec over {@code inputs}; {@code idFunction} gives each input a stable id
   * (trial keys are {@code config/inputId}).
   */
  public static <I> BatchSpec.Builder<I> batch(String name, List<? extends I> inputs,
      Function<? super I, String> idFunction) {
    return BatchSpec.builder(name, inputs, idFunction);
  }

  /**
   * Runs the batch and blocks until it ends, showing live progress (in a notebook cell when a
   * kernel display is found, else as text on standard error unless the spec turned it off).
   * Interrupting the calling thread cancels the batch and returns the cancelled result.
   */
  public static BatchResult runBatch(BatchSpec<?> spec) {
    return BatchLauncher.start(spec).awaitShowing(Kernels.viewOrConsole(spec.consoleProgress()));
  }

  /**
   * Runs a pilot and forecasts the batch from it: for every config the first
   * {@code max(5, ceil(fraction × inputs))} inputs of the spec's order, run into its run directory
   * with the live view (trials an earlier pilot or run finished are not run again). The forecast
   * simulates the queue of the remaining trials with the measured latencies, the parallelism and
   * the resource limits (wall time with an 80 % interval), and projects tokens and cost per config
   * from stage outputs that carry {@link io.github.trialbook.batch.Usage}. A following
   * {@link #runBatch} keeps the pilot's trials and runs the rest. A shuffled order
   * ({@link io.github.trialbook.batch.Order#shuffled}) makes the sample a fair one when the input
   * list is sorted.
   *
   * <pre>{@code
   * Forecast f = Trialbook.pilot(spec, 0.02);   // a 2 % sample, at least 5 trials per config
   * f                                            // wall time, tokens and cost per config
   * Trialbook.runBatch(spec);                    // continues: the pilot's trials are kept
   * }</pre>
   *
   * @throws io.github.trialbook.batch.BatchConfigException if {@code fraction} is not in (0, 1]
   *     or the spec was built with {@code noCheckpoint()}
   */
  public static Forecast pilot(BatchSpec<?> spec, double fraction) {
    return Pilot.run(spec, fraction, Kernels.viewOrConsole(spec.consoleProgress()));
  }

  /** Starts the batch (resuming its run directory) and returns at once. */
  public static BatchHandle startBatch(BatchSpec<?> spec) {
    return BatchLauncher.start(spec);
  }

  /**
   * Runs again the trials that match every selection, whatever their earlier outcome, and
   * appends them to the same run: the results show the latest outcome per trial and
   * {@link BatchResult#history} keeps the earlier ones. Blocks and shows progress like
   * {@link #runBatch}. A config name the spec does not have is an error listing its configs;
   * input ids it does not have are named in the result's {@link BatchResult#notes()}; a
   * {@code runDir} that holds no run yet is an error (run {@link #runBatch} first).
   *
   * <pre>{@code
   * BatchResult r = Trialbook.rerun(spec, Select.failed());
   * r.history("B/doc-17");   // every outcome of that trial, oldest first
   * }</pre>
   */
  public static BatchResult rerun(BatchSpec<?> spec, Select... selection) {
    return BatchLauncher.start(spec, selectionOf(selection))
        .awaitShowing(Kernels.viewOrConsole(spec.consoleProgress()));
  }

  /** A rerun's selection: at least one. */
  static List<Select> selectionOf(Select... selection) {
    if (selection.length == 0) {
      throw new IllegalArgumentException("rerun needs at least one Select, e.g. Select.failed(); "
          + "use runBatch(spec) to resume the unfinished trials");
    }
    return List.of(selection);
  }

  /** Loads the results of a finished, cancelled or crashed run without running anything. */
  public static BatchResult open(Path runDir) {
    return StoredResults.open(runDir);
  }

  /**
   * The report of the run in {@code runDir} (see {@link Report}), running nothing.
   *
   * <pre>{@code
   * Trialbook.report(Path.of("runs", "triage")).title("Triage, prompt v3")
   *     .writeHtml(Path.of("report.html"));
   * }</pre>
   */
  public static Report report(Path runDir) {
    return open(runDir).report();
  }

  /**
   * The completeness audit of the run in {@code runDir}: every expected case, ok or not, with its
   * required files checked on disk now; also written to {@code runDir/checks/}.
   *
   * <pre>{@code
   * Trialbook.audit(Path.of("runs", "sweep")).strict();
   * }</pre>
   */
  public static Audit audit(Path runDir) {
    return Audit.of(runDir);
  }


  /**
   * scikit-learn's {@code classification_report} over two columns of a results table; see
   * {@link Metrics#classification(Table, String, String)}.
   *
   * <pre>{@code
   * Trialbook.classification(r.table(), "label", "stage2.prediction").by("config");
   * }</pre>
   */
  public static ClassificationReport classification(Table table, String truth,
      String prediction) {
    return Metrics.classification(table, truth, prediction);
  }

  /** Stage-1 vs final (or any two prediction columns): deltas and McNemar; see {@link Metrics}. */
  public static Comparison compare(Table table, String truth, String predictionA,
      String predictionB) {
    return Metrics.compare(table, truth, predictionA, predictionB);
  }

  /** Two configs on the same inputs, paired by {@code input_id}; see {@link Metrics}. */
  public static Comparison compareConfigs(Table table, String truth, String prediction,
      String configA, String configB) {
    return Metrics.compareConfigs(table, truth, prediction, configA, configB);
  }

  /** The confusion matrix of two columns; see {@link Metrics#confusion(Table, String, String)}. */
  public static ConfusionMatrix confusion(Table table, String truth, String prediction) {
    return Metrics.confusion(table, truth, prediction);
  }

  /** ROC curve and AUC of a score column; see {@link Metrics#roc(Table, String, String)}. */
  public static RocCurve roc(Table table, String truth, String score) {
    return Metrics.roc(table, truth, score);
  }

  /** Precision-recall curve and average precision; see {@link Metrics}. */
  public static PrecisionRecallCurve precisionRecall(Table table, String truth, String score) {
    return Metrics.precisionRecall(table, truth, score);
  }

  /** Precision, recall and F1 at every threshold of a score; see {@link Metrics}. */
  public static ThresholdSweep thresholds(Table table, String truth, String score) {
    return Metrics.thresholds(table, truth, score);
  }
}
