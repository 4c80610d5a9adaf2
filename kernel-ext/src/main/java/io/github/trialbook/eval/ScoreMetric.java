package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tech.tablesaw.api.Table;

/**
 * Shared options of the score-based results (ROC, precision-recall, threshold sweep): each option
 * returns a new object; the numbers are computed once, on first use.
 *
 * <pre>{@code
 * RocCurve roc = Metrics.roc(results, "label", "stage1.score")
 *     .positiveLabel("spam").scoreRange(0, 1).dropMissing();
 * Map<String, RocCurve> perConfig = roc.by("config");
 * }</pre>
 *
 * @param <T> the concrete result type
 */
public abstract class ScoreMetric<T extends ScoreMetric<T>> implements Renderable {
  final ScoreSpec spec;
  /** The same kind of result over another spec: how every option makes its new object. */
  private final Function<ScoreSpec, T> with;
  private final Lazy<ScoreSpec.Data> data;
  private final Lazy<BinaryCounts> counts;

  ScoreMetric(ScoreSpec spec, Function<ScoreSpec, T> with) {
    this.spec = spec;
    this.with = with;
    this.data = new Lazy<>(spec::read);
    this.counts = new Lazy<>(() -> BinaryCounts.of(data()));
  }

  private T with(ScoreSpec s) {
    return with.apply(s);
  }

  /** The positive class; optional when truth is {0, 1}, {-1, 1} or boolean. */
  public T positiveLabel(Object label) {
    return with(spec.withPositive(label));
  }

  /** Declares the valid score range; a score outside it is an error naming the row. */
  public T scoreRange(double min, double max) {
    return with(spec.withRange(min, max));
  }

  /** Skips rows whose truth or score is missing (such as failed trials) instead of failing. */
  public T dropMissing() {
    return with(spec.withDropMissing());
  }

  /** One result per value of {@code column} (e.g. "config"), in sorted order of the values. */
  public Map<String, T> by(String column) {
    Map<String, T> out = new LinkedHashMap<>();
    spec.split(column).forEach((k, s) -> out.put(k, with(s)));
    return out;
  }

  /** The positive label in use (given or inferred). */
  public Object positive() {
    return data().positiveLabel();
  }

  /**
   * Percentile bootstrap interval of a curve summary: rows are resampled, the curve rebuilt and
   * summarised; resamples where the summary is undefined (one class only) are left out.
   */
  Bootstrap.Interval interval(Bootstrap bootstrap, java.util.function.ToDoubleFunction<BinaryCounts> summary) {
    Checks.notNull(bootstrap, "bootstrap", "pass Bootstrap.ofDefaults()", EvalArgumentException::new);
    ScoreSpec.Data d = data();
    int n = d.score().length;
    double estimate = summary.applyAsDouble(counts());
    double[] bounds = bootstrap.intervals(1, (rng, out) -> {
      boolean[] pos = new boolean[n];
      double[] score = new double[n];
      int positives = 0;
      for (int i = 0; i < n; i++) {
        int j = rng.nextInt(n);
        pos[i] = d.positive()[j];
        score[i] = d.score()[j];
        positives += pos[i] ? 1 : 0;
      }
      out[0] = positives == 0 || positives == n ? Double.NaN
          : summary.applyAsDouble(BinaryCounts.of(new ScoreSpec.Data(pos, score, d.positiveLabel())));
    })[0];
    return new Bootstrap.Interval(estimate, bounds[0], bounds[1], bootstrap.confidence(),
        bootstrap.resamples());
  }

  /** The result as a Tablesaw table. */
  public abstract Table table();

  abstract String title();

  List<String> notes() {
    return List.of();
  }

  ScoreSpec.Data data() {
    return data.get();
  }

  BinaryCounts counts() {
    return counts.get();
  }

  @Override
  public String toText() {
    return TableText.text(title(), table(), notes());
  }

  @Override
  public String toHtml() {
    return TableText.html(title(), table(), notes());
  }

  @Override
  public String toString() {
    return toText();
  }
}
