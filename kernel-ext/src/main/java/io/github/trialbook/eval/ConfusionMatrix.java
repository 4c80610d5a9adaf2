package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Counts of (true label, predicted label), rows = truth and columns = prediction, as
 * scikit-learn's {@code confusion_matrix}: labels sorted, or as given by {@link #labels} (rows
 * whose truth or prediction is not listed are left out); {@link #normalize} divides by the row
 * sums ({@code TRUE}), column sums ({@code PRED}) or the total ({@code ALL}), 0/0 giving 0.
 *
 * <pre>{@code
 * ConfusionMatrix cm = Metrics.confusion(results, "label", "final.prediction")
 *     .normalize(ConfusionMatrix.Normalize.TRUE);
 * Table t = cm.table();   // first column "true \ predicted", then one column per label
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfusionMatrix implements Renderable {
  /** The first column's name; the other columns are named after the predicted labels. */
  public static final String TRUTH_COLUMN = "true \\ predicted";

  /** What the counts are divided by. */
  public enum Normalize { NONE, TRUE, PRED, ALL }

  private final Table source;
  private final ValueSource truth;
  private final ValueSource prediction;
  private final List<Object> labels;
  private final Normalize normalize;
  private final boolean dropMissing;
  private final Lazy<Computed> computed = new Lazy<>(this::compute);

  private record Computed(List<String> labels, long[][] counts) {}

  ConfusionMatrix(Table source, ValueSource truth, ValueSource prediction) {
    this(source, truth, prediction, null, Normalize.NONE, false);
  }

  private ConfusionMatrix(Table source, ValueSource truth, ValueSource prediction,
      List<Object> labels, Normalize normalize, boolean dropMissing) {
    this.source = source;
    this.truth = truth;
    this.prediction = prediction;
    this.labels = labels;
    this.normalize = normalize;
    this.dropMissing = dropMissing;
  }

  /** Only these labels, in this order. */
  public ConfusionMatrix labels(Object... labels) {
    return new ConfusionMatrix(source, truth, prediction, Labels.listed(labels, "show"), normalize,
        dropMissing);
  }

  public ConfusionMatrix normalize(Normalize how) {
    Checks.notNull(how, "normalize", "pass Normalize.NONE, TRUE, PRED or ALL", EvalArgumentException::new);
    return new ConfusionMatrix(source, truth, prediction, labels, how, dropMissing);
  }

  /** Skips rows whose truth or prediction is missing instead of failing. */
  public ConfusionMatrix dropMissing() {
    return new ConfusionMatrix(source, truth, prediction, labels, normalize, true);
  }

  public Normalize normalization() {
    return normalize;
  }

  /** Label texts in row (and column) order. */
  public List<String> labelNames() {
    return computed.get().labels;
  }

  /** Raw counts, [true][predicted]. */
  public long[][] counts() {
    long[][] c = computed.get().counts;
    long[][] copy = new long[c.length][];
    for (int i = 0; i < c.length; i++) {
      copy[i] = c[i].clone();
    }
    return copy;
  }

  /** Counts after normalisation, [true][predicted]. */
  public double[][] values() {
    long[][] c = computed.get().counts;
    int l = c.length;
    double[] rowSum = new double[l];
    double[] colSum = new double[l];
    double total = 0;
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < l; j++) {
        rowSum[i] += c[i][j];
        colSum[j] += c[i][j];
        total += c[i][j];
      }
    }
    double[][] v = new double[l][l];
    for (int i = 0; i < l; i++) {
      for (int j = 0; j < l; j++) {
        double d = switch (normalize) {
          case NONE -> 1;
          case TRUE -> rowSum[i];
          case PRED -> colSum[j];
          case ALL -> total;
        };
        v[i][j] = d == 0 ? 0.0 : c[i][j] / d;
      }
    }
    return v;
  }

  public Table table() {
    List<String> names = labelNames();
    Table t = Table.create("confusion matrix", StringColumn.create(TRUTH_COLUMN, names));
    if (normalize == Normalize.NONE) {
      long[][] c = computed.get().counts;
      for (int j = 0; j < names.size(); j++) {
        IntColumn col = IntColumn.create(names.get(j));
        for (long[] row : c) {
          col.append((int) row[j]);
        }
        t.addColumns(col);
      }
    } else {
      double[][] v = values();
      for (int j = 0; j < names.size(); j++) {
        DoubleColumn col = DoubleColumn.create(names.get(j));
        for (double[] row : v) {
          col.append(row[j]);
        }
        t.addColumns(col);
      }
    }
    return t;
  }

  private Computed compute() {
    LabelData data = LabelData.read(source, truth, prediction, List.of(), dropMissing);
    int[] order = labels != null ? data.codes(labels, "labels(...)") : data.labels.sortedCodes();
    int l = data.labels.size();
    int[] position = new int[l];
    java.util.Arrays.fill(position, -1);
    for (int i = 0; i < order.length; i++) {
      position[order[i]] = i;
    }
    long[][] counts = new long[order.length][order.length];
    for (int i = 0; i < data.size(); i++) {
      int r = position[data.truth[i]];
      int c = position[data.pred[i]];
      if (r >= 0 && c >= 0) {
        counts[r][c]++;
      }
    }
    List<String> names = new ArrayList<>();
    for (int code : order) {
      names.add(Labels.text(data.labels.value(code)));
    }
    return new Computed(List.copyOf(names), counts);
  }

  private String title() {
    return "Confusion matrix: " + truth.name() + " (rows) vs " + prediction.name() + " (columns)"
        + (normalize == Normalize.NONE ? "" : ", normalized by " + normalize.name().toLowerCase(
            java.util.Locale.ROOT));
  }

  @Override
  public String toText() {
    return TableText.text(title(), table(), List.of());
  }

  @Override
  public String toHtml() {
    return TableText.html(title(), table(), List.of());
  }

  @Override
  public String toString() {
    return toText();
  }
}
