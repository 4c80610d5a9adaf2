package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Precision, recall, F1 and support per class, plus accuracy and micro / macro / weighted
 * averages, as scikit-learn's {@code classification_report} (with {@code output_dict} numbers). The
 * table has columns {@code [group columns...], class, precision, recall, f1, support}; the
 * {@code accuracy} row carries its value in {@code f1} (as the text report prints it), with the
 * number of rows as support.
 *
 * <pre>{@code
 * ClassificationReport report = Metrics.classification(results, "label", "stage2.prediction")
 *     .by("config")                    // one block of rows per config, ready to pivot
 *     .zeroDivision(ZeroDivision.ZERO);
 * Table t = report.table();
 * }</pre>
 *
 * <p>Each option returns a new report; the metrics are computed once, on first use. Without
 * {@link #labels}, each group reports the labels present in its truth or predictions, sorted as
 * scikit-learn sorts them; pass {@code labels(...)} for the same rows in every group. Immutable
 * and thread-safe.
 */
public final class ClassificationReport implements Renderable {
  /** Interval resamples count a label × label matrix; beyond this many labels it gets too big. */
  private static final int MATRIX_LABELS = 1024;
  private final Table source;
  private final ValueSource truth;
  private final ValueSource prediction;
  private final Options options;
  private final Lazy<Computed> computed = new Lazy<>(this::compute);

  private record Computed(Table table, List<String> warnings) {}

  /** The options set so far; an option method changes a copy, so a report never changes. */
  private static final class Options {
    private List<Object> labels;
    private Object positive;
    private ZeroDivision zeroDivision = ZeroDivision.WARN;
    private boolean dropMissing;
    private List<String> groupBy = List.of();
    private Bootstrap bootstrap;

    Options copy() {
      Options o = new Options();
      o.labels = labels;
      o.positive = positive;
      o.zeroDivision = zeroDivision;
      o.dropMissing = dropMissing;
      o.groupBy = groupBy;
      o.bootstrap = bootstrap;
      return o;
    }
  }

  ClassificationReport(Table source, ValueSource truth, ValueSource prediction) {
    this(source, truth, prediction, new Options());
  }

  private ClassificationReport(Table source, ValueSource truth, ValueSource prediction,
      Options options) {
    this.source = source;
    this.truth = truth;
    this.prediction = prediction;
    this.options = options;
  }

  private ClassificationReport with(Consumer<Options> change) {
    Options o = options.copy();
    change.accept(o);
    return new ClassificationReport(source, truth, prediction, o);
  }

  /**
   * Reports exactly these labels, in this order (labels absent from the data get zeros); ignored in
   * binary mode, as scikit-learn ignores {@code labels} with {@code average="binary"}.
   */
  public ClassificationReport labels(Object... labels) {
    List<Object> listed = Labels.listed(labels, "report");
    return with(o -> o.labels = listed);
  }

  /**
   * Binary mode: reports the metrics of this positive class (scikit-learn's
   * {@code average="binary", pos_label=...}) and accuracy. The data may hold at most two labels.
   */
  public ClassificationReport positiveLabel(Object label) {
    Checks.notNull(label, "positive label", "pass the positive class value", EvalArgumentException::new);
    return with(o -> o.positive = label);
  }

  /** The value of undefined precision / recall / F1 (default {@link ZeroDivision#WARN}). */
  public ClassificationReport zeroDivision(ZeroDivision policy) {
    Checks.notNull(policy, "zeroDivision", "pass ZeroDivision.ZERO, ONE or NAN", EvalArgumentException::new);
    return with(o -> o.zeroDivision = policy);
  }

  /** Skips rows whose truth or prediction is missing (such as failed trials) instead of failing. */
  public ClassificationReport dropMissing() {
    return with(o -> o.dropMissing = true);
  }

  /** The same metrics per group of these columns (e.g. {@code "config"}), groups sorted by value. */
  public ClassificationReport by(String... columns) {
    if (columns == null || columns.length == 0) {
      throw new EvalArgumentException("by(...) needs at least one column, e.g. by(\"config\")");
    }
    for (String c : columns) {
      Tables.column(source, c);
    }
    return with(o -> o.groupBy = List.of(columns));
  }

  /**
   * Adds percentile bootstrap intervals: columns {@code precision_lower, precision_upper,
   * recall_lower, ...}. Rows are resampled within each group.
   */
  public ClassificationReport confidenceIntervals(Bootstrap bootstrap) {
    Checks.notNull(bootstrap, "bootstrap", "pass Bootstrap.ofDefaults()", EvalArgumentException::new);
    return with(o -> o.bootstrap = bootstrap);
  }

  /** The report as a Tablesaw table (a fresh copy each call). */
  public Table table() {
    return computed.get().table.copy();
  }

  /** Zero-division warnings (only with {@link ZeroDivision#WARN}), naming the affected labels. */
  public List<String> warnings() {
    return computed.get().warnings;
  }

  /**
   * One number of an ungrouped report: {@code value("cat", "f1")}, {@code value("macro avg",
   * "precision")}, {@code value("accuracy", "f1")}.
   */
  public double value(String rowName, String metric) {
    Table t = computed.get().table;
    if (!options.groupBy.isEmpty()) {
      throw new IllegalStateException("value(...) reads ungrouped reports; use table() after by(...)");
    }
    StringColumn cls = t.stringColumn("class");
    for (int r = 0; r < t.rowCount(); r++) {
      if (cls.get(r).equals(rowName)) {
        Tables.column(t, metric);
        return t.numberColumn(metric).getDouble(r);
      }
    }
    throw new EvalArgumentException("no row '" + rowName + "' in the report; rows are "
        + cls.asList() + "; pass one of them");
  }

  private Computed compute() {
    LabelData data = LabelData.read(source, truth, prediction, options.groupBy,
        options.dropMissing);
    int[] given = options.labels == null ? null : data.codes(options.labels, "labels(...)");
    Object positive = options.positive;
    int posCode = -1;
    if (positive != null) {
      posCode = data.labels.find(positive, "positiveLabel(...)");
      if (posCode < 0) {
        throw new EvalArgumentException("positive label " + positive + " does not occur in "
            + truth + " or " + prediction + "; labels found: " + Labels.texts(data.labels.values())
            + "; pass one of them to positiveLabel(...)");
      }
    }
    boolean binary = posCode >= 0;
    int l = data.labels.size();
    int[][] byGroup = data.itemsByGroup();
    List<String> warnings = new ArrayList<>();
    ReportTable out = new ReportTable(data.groupColumns, options.bootstrap != null);
    int[] sorted = data.labels.sortedCodes();
    for (int k = 0; k < byGroup.length; k++) {
      LabelCounts counts = LabelCounts.of(l, data.truth, data.pred, byGroup[k]);
      int[] present = counts.present(sorted);
      int[] order = binary ? new int[] {posCode} : given != null ? given : present;
      if (binary) {
        checkBinary(data, present, posCode, k);
      }
      Prf.Rows rows = counts.prf(order, options.zeroDivision, binary);
      double[][] ci = options.bootstrap == null ? null
          : intervals(data, byGroup[k], order, binary, rows.size());
      out.add(data.groupKeys.get(k), rowNames(data, order, binary), rows, ci);
      if (options.zeroDivision == ZeroDivision.WARN) {
        warn(warnings, data, k, rows);
      }
    }
    return new Computed(out.build(), List.copyOf(warnings));
  }

  private void checkBinary(LabelData data, int[] present, int pos, int group) {
    List<Object> found = new ArrayList<>();
    for (int c : present) {
      found.add(data.labels.value(c));
    }
    String where = data.groupColumns.isEmpty() ? "" : " in group " + data.groupText(group);
    Object positive = options.positive;
    if (present.length > 2) {
      throw new EvalArgumentException("positiveLabel(" + positive + ") needs binary data but "
          + truth + " and " + prediction + " hold " + present.length + " labels" + where + ": "
          + Labels.texts(found) + "; drop positiveLabel(...) for a multi-class report");
    }
    if (present.length == 2 && Arrays.stream(present).noneMatch(c -> c == pos)) {
      throw new EvalArgumentException("positive label " + positive + " does not occur" + where
          + "; labels there: " + Labels.texts(found) + "; pass one of them to positiveLabel(...)");
    }
  }

  /**
   * Bootstrap bounds of every row's precision, recall and F1 within one group's items: each item
   * is a (truth, prediction) cell of the label × label matrix, so a resample counts a matrix.
   */
  private double[][] intervals(LabelData data, int[] items, int[] order, boolean binary,
      int rows) {
    int l = data.labels.requireAtMost(MATRIX_LABELS, "confidence intervals");
    int[] cells = new int[items.length];
    for (int j = 0; j < cells.length; j++) {
      cells[j] = data.truth[items[j]] * l + data.pred[items[j]];
    }
    ZeroDivision zeroDivision = options.zeroDivision;
    return options.bootstrap.cellIntervals(cells, l * l, 3 * rows, (matrix, out) -> {
      Prf.Rows r = LabelCounts.ofMatrix(matrix, l).prf(order, zeroDivision, binary);
      System.arraycopy(r.precision(), 0, out, 0, rows);
      System.arraycopy(r.recall(), 0, out, rows, rows);
      System.arraycopy(r.f1(), 0, out, 2 * rows, rows);
    });
  }

  private static List<String> rowNames(LabelData data, int[] order, boolean binary) {
    List<String> names = new ArrayList<>();
    for (int c : order) {
      names.add(Labels.text(data.labels.value(c)));
    }
    names.add(Prf.ACCURACY);
    if (!binary) {
      names.addAll(List.of(Prf.MICRO, Prf.MACRO, Prf.WEIGHTED));
    }
    return names;
  }

  private void warn(List<String> warnings, LabelData data, int group, Prf.Rows rows) {
    String where = data.groupColumns.isEmpty() ? "" : " (" + data.groupText(group) + ")";
    String fix = "; set zeroDivision(ZeroDivision.ZERO, ONE or NAN) to choose the value and "
        + "silence this warning";
    if (!rows.noPredicted().isEmpty()) {
      warnings.add("precision and F1 are ill-defined and set to 0.0 for labels with no predicted "
          + "samples" + where + ": " + Labels.texts(values(data, rows.noPredicted())) + fix);
    }
    if (!rows.noTrue().isEmpty()) {
      warnings.add("recall and F1 are ill-defined and set to 0.0 for labels with no true samples"
          + where + ": " + Labels.texts(values(data, rows.noTrue())) + fix);
    }
  }

  private static List<Object> values(LabelData data, List<Integer> codes) {
    List<Object> out = new ArrayList<>();
    for (int c : codes) {
      out.add(data.labels.value(c));
    }
    return out;
  }

  private String title() {
    String title = "Classification report: " + truth.name() + " vs " + prediction.name();
    if (options.positive != null) {
      title += " (positive label " + options.positive + ")";
    }
    if (!options.groupBy.isEmpty()) {
      title += " by " + String.join(", ", options.groupBy);
    }
    return title;
  }

  private List<String> notes() {
    List<String> notes = new ArrayList<>(computed.get().warnings);
    Bootstrap bootstrap = options.bootstrap;
    if (bootstrap != null) {
      notes.add(String.format(Locale.ROOT, "intervals: %.0f%% percentile bootstrap, %d resamples, seed %d",
          bootstrap.confidence() * 100, bootstrap.resamples(), bootstrap.seed()));
    }
    return notes;
  }

  @Override
  public String toText() {
    return TableText.text(title(), computed.get().table, notes());
  }

  @Override
  public String toHtml() {
    return TableText.html(title(), computed.get().table, notes());
  }

  @Override
  public String toString() {
    return toText();
  }
}
