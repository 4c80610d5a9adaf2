package io.github.trialbook.eval;

import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
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
  private final List<Object> labels;
  private final Object positive;
  private final ZeroDivision zeroDivision;
  private final boolean dropMissing;
  private final List<String> groupBy;
  private final Bootstrap bootstrap;
  private final Lazy<Computed> computed = new Lazy<>(this::compute);

  private record Computed(Table table, List<String> warnings) {}

  ClassificationReport(Table source, ValueSource truth, ValueSource prediction) {
    this(source, truth, prediction, null, null, ZeroDivision.WARN, false, List.of(), null);
  }

  private ClassificationReport(Table source, ValueSource truth, ValueSource prediction,
      List<Object> labels, Object positive, ZeroDivision zeroDivision, boolean dropMissing,
      List<String> groupBy, Bootstrap bootstrap) {
    this.source = source;
    this.truth = truth;
    this.prediction = prediction;
    this.labels = labels;
    this.positive = positive;
    this.zeroDivision = zeroDivision;
    this.dropMissing = dropMissing;
    this.groupBy = groupBy;
    this.bootstrap = bootstrap;
  }

  /**
   * Reports exactly these labels, in this order (labels absent from the data get zeros); ignored in
   * binary mode, as scikit-learn ignores {@code labels} with {@code average="binary"}.
   */
  public ClassificationReport labels(Object... labels) {
    if (labels == null || labels.length == 0) {
      throw new IllegalArgumentException(
          "labels cannot be empty; pass the classes to report, e.g. labels(\"cat\", \"dog\")");
    }
    Set<Object> seen = new HashSet<>();
    for (Object label : labels) {
      if (label == null) {
        throw new IllegalArgumentException("labels cannot contain null; pass class values only");
      }
      if (!seen.add(Labels.normalize(label, "labels(...)"))) {
        throw new IllegalArgumentException(
            "labels contains " + label + " twice; list each class once");
      }
    }
    return new ClassificationReport(source, truth, prediction, List.of(labels), positive,
        zeroDivision, dropMissing, groupBy, bootstrap);
  }

  /**
   * Binary mode: reports the metrics of this positive class (scikit-learn's
   * {@code average="binary", pos_label=...}) and accuracy. The data may hold at most two labels.
   */
  public ClassificationReport positiveLabel(Object label) {
    Objects.requireNonNull(label, "positive label cannot be null; pass the positive class value");
    return new ClassificationReport(source, truth, prediction, labels, label, zeroDivision,
        dropMissing, groupBy, bootstrap);
  }

  /** The value of undefined precision / recall / F1 (default {@link ZeroDivision#WARN}). */
  public ClassificationReport zeroDivision(ZeroDivision policy) {
    Objects.requireNonNull(policy, "zeroDivision cannot be null; pass ZeroDivision.ZERO, ONE or NAN");
    return new ClassificationReport(source, truth, prediction, labels, positive, policy,
        dropMissing, groupBy, bootstrap);
  }

  /** Skips rows whose truth or prediction is missing (such as failed trials) instead of failing. */
  public ClassificationReport dropMissing() {
    return new ClassificationReport(source, truth, prediction, labels, positive, zeroDivision,
        true, groupBy, bootstrap);
  }

  /** The same metrics per group of these columns (e.g. {@code "config"}), groups sorted by value. */
  public ClassificationReport by(String... columns) {
    if (columns == null || columns.length == 0) {
      throw new IllegalArgumentException("by(...) needs at least one column, e.g. by(\"config\")");
    }
    for (String c : columns) {
      Tables.column(source, c);
    }
    return new ClassificationReport(source, truth, prediction, labels, positive, zeroDivision,
        dropMissing, List.of(columns), bootstrap);
  }

  /**
   * Adds percentile bootstrap intervals: columns {@code precision_lower, precision_upper,
   * recall_lower, ...}. Rows are resampled within each group.
   */
  public ClassificationReport confidenceIntervals(Bootstrap bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap cannot be null; pass Bootstrap.ofDefaults()");
    return new ClassificationReport(source, truth, prediction, labels, positive, zeroDivision,
        dropMissing, groupBy, bootstrap);
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
    if (!groupBy.isEmpty()) {
      throw new IllegalStateException("value(...) reads ungrouped reports; use table() after by(...)");
    }
    StringColumn cls = t.stringColumn("class");
    for (int r = 0; r < t.rowCount(); r++) {
      if (cls.get(r).equals(rowName)) {
        Tables.column(t, metric);
        return t.numberColumn(metric).getDouble(r);
      }
    }
    throw new IllegalArgumentException("no row '" + rowName + "' in the report; rows are "
        + cls.asList() + "; pass one of them");
  }

  private Computed compute() {
    LabelData data = LabelData.read(source, truth, prediction, groupBy, dropMissing);
    int[] given = null;
    if (labels != null) {
      given = new int[labels.size()];
      for (int i = 0; i < given.length; i++) {
        given[i] = data.labels.code(labels.get(i), "labels(...)");
      }
    }
    int posCode = -1;
    if (positive != null) {
      posCode = data.labels.find(positive, "positiveLabel(...)");
      if (posCode < 0) {
        throw new IllegalArgumentException("positive label " + positive + " does not occur in "
            + truth + " or " + prediction + "; labels found: " + texts(data.labels.values())
            + "; pass one of them to positiveLabel(...)");
      }
    }
    int l = data.labels.size();
    int g = data.groupCount();
    int[] tp = new int[g * l];
    int[] pc = new int[g * l];
    int[] tc = new int[g * l];
    long[] correct = new long[g];
    long[] n = new long[g];
    count(data, l, tp, pc, tc, correct, n);

    List<String> warnings = new ArrayList<>();
    ReportTable out = new ReportTable(data.groupColumns, bootstrap != null);
    int[] sorted = data.labels.sortedCodes();
    for (int k = 0; k < g; k++) {
      int base = k * l;
      int[] order = posCode >= 0 ? new int[] {posCode}
          : given != null ? given : present(sorted, tp, pc, tc, base);
      if (posCode >= 0) {
        checkBinary(data, sorted, pc, tc, base, posCode, k);
      }
      Prf.Rows rows = Prf.compute(order, tp, pc, tc, base, correct[k], n[k], zeroDivision,
          posCode >= 0);
      double[][] ci = bootstrap == null ? null : intervals(data, k, order, posCode >= 0, rows.size());
      out.add(data.groupKeys.get(k), rowNames(data, order, posCode >= 0), rows, ci);
      if (zeroDivision == ZeroDivision.WARN) {
        warn(warnings, data, k, rows);
      }
    }
    return new Computed(out.build(), List.copyOf(warnings));
  }

  private static void count(LabelData data, int l, int[] tp, int[] pc, int[] tc, long[] correct,
      long[] n) {
    int[] t = data.truth;
    int[] p = data.pred;
    int[] grp = data.group;
    for (int i = 0; i < t.length; i++) {
      int base = grp[i] * l;
      tc[base + t[i]]++;
      pc[base + p[i]]++;
      if (t[i] == p[i]) {
        tp[base + t[i]]++;
        correct[grp[i]]++;
      }
      n[grp[i]]++;
    }
  }

  private static int[] present(int[] sorted, int[] tp, int[] pc, int[] tc, int base) {
    return Arrays.stream(sorted).filter(c -> pc[base + c] + tc[base + c] > 0).toArray();
  }

  private void checkBinary(LabelData data, int[] sorted, int[] pc, int[] tc, int base, int pos,
      int group) {
    int[] present = Arrays.stream(sorted).filter(c -> pc[base + c] + tc[base + c] > 0).toArray();
    List<Object> found = new ArrayList<>();
    for (int c : present) {
      found.add(data.labels.value(c));
    }
    String where = data.groupColumns.isEmpty() ? "" : " in group " + data.groupText(group);
    if (present.length > 2) {
      throw new IllegalArgumentException("positiveLabel(" + positive + ") needs binary data but "
          + truth + " and " + prediction + " hold " + present.length + " labels" + where + ": "
          + texts(found) + "; drop positiveLabel(...) for a multi-class report");
    }
    if (present.length == 2 && Arrays.stream(present).noneMatch(c -> c == pos)) {
      throw new IllegalArgumentException("positive label " + positive + " does not occur" + where
          + "; labels there: " + texts(found) + "; pass one of them to positiveLabel(...)");
    }
  }

  /**
   * Bootstrap bounds of every row's precision, recall and F1 within one group. Each row is
   * encoded once as a (truth, prediction) cell of the label × label matrix, so a draw is one
   * random read and one increment; per-label counts come from the matrix after the draws.
   */
  private double[][] intervals(LabelData data, int group, int[] order, boolean binary, int rows) {
    int l = data.labels.size();
    int[] cells = java.util.stream.IntStream.range(0, data.size())
        .filter(i -> data.group[i] == group)
        .map(i -> data.truth[i] * l + data.pred[i]).toArray();
    int m = cells.length;
    if (l > MATRIX_LABELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "confidence intervals support up to %d labels (found %d); map rare labels to "
              + "\"other\" with ValueSource.of(name, row -> ...)", MATRIX_LABELS, l));
    }
    ThreadLocal<int[][]> scratch = ThreadLocal.withInitial(
        () -> new int[][] {new int[l * l], new int[l], new int[l], new int[l]});
    double[][] draws = bootstrap.run(3 * rows, (rng, out) -> {
      int[][] s = scratch.get();
      int[] matrix = s[0];
      Arrays.fill(matrix, 0);
      for (int j = 0; j < m; j++) {
        matrix[cells[rng.nextInt(m)]]++;
      }
      int[] tp = s[1];
      int[] pc = s[2];
      int[] tc = s[3];
      Arrays.fill(tp, 0);
      Arrays.fill(pc, 0);
      Arrays.fill(tc, 0);
      long correct = 0;
      for (int a = 0; a < l; a++) {
        for (int b = 0; b < l; b++) {
          int v = matrix[a * l + b];
          tc[a] += v;
          pc[b] += v;
        }
        tp[a] = matrix[a * l + a];
        correct += tp[a];
      }
      Prf.Rows r = Prf.compute(order, tp, pc, tc, 0, correct, m, zeroDivision, binary);
      System.arraycopy(r.precision(), 0, out, 0, rows);
      System.arraycopy(r.recall(), 0, out, rows, rows);
      System.arraycopy(r.f1(), 0, out, 2 * rows, rows);
    });
    double[][] bounds = new double[3 * rows][];
    for (int c = 0; c < 3 * rows; c++) {
      bounds[c] = bootstrap.bounds(Bootstrap.column(draws, c));
    }
    return bounds;
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
          + "samples" + where + ": " + texts(values(data, rows.noPredicted())) + fix);
    }
    if (!rows.noTrue().isEmpty()) {
      warnings.add("recall and F1 are ill-defined and set to 0.0 for labels with no true samples"
          + where + ": " + texts(values(data, rows.noTrue())) + fix);
    }
  }

  private static List<Object> values(LabelData data, List<Integer> codes) {
    List<Object> out = new ArrayList<>();
    for (int c : codes) {
      out.add(data.labels.value(c));
    }
    return out;
  }

  static String texts(List<Object> labels) {
    List<String> out = new ArrayList<>();
    for (Object o : labels) {
      out.add(o instanceof String ? "\"" + o + "\"" : String.valueOf(o));
    }
    return out.toString();
  }

  private String title() {
    String title = "Classification report: " + truth.name() + " vs " + prediction.name();
    if (positive != null) {
      title += " (positive label " + positive + ")";
    }
    if (!groupBy.isEmpty()) {
      title += " by " + String.join(", ", groupBy);
    }
    return title;
  }

  private List<String> notes() {
    List<String> notes = new ArrayList<>(computed.get().warnings);
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

  /** Accumulates report rows into columns. */
  private static final class ReportTable {
    private final List<StringColumn> groups = new ArrayList<>();
    private final StringColumn cls = StringColumn.create("class");
    private final DoubleColumn precision = DoubleColumn.create("precision");
    private final DoubleColumn recall = DoubleColumn.create("recall");
    private final DoubleColumn f1 = DoubleColumn.create("f1");
    private final IntColumn support = IntColumn.create("support");
    private final List<DoubleColumn> bounds = new ArrayList<>();

    ReportTable(List<String> groupColumns, boolean intervals) {
      for (String g : groupColumns) {
        groups.add(StringColumn.create(g));
      }
      if (intervals) {
        for (String metric : List.of("precision", "recall", "f1")) {
          bounds.add(DoubleColumn.create(metric + "_lower"));
          bounds.add(DoubleColumn.create(metric + "_upper"));
        }
      }
    }

    void add(List<Object> key, List<String> names, Prf.Rows rows, double[][] ci) {
      for (int r = 0; r < rows.size(); r++) {
        for (int k = 0; k < groups.size(); k++) {
          groups.get(k).append(String.valueOf(key.get(k)));
        }
        cls.append(names.get(r));
        precision.append(rows.precision()[r]);
        recall.append(rows.recall()[r]);
        f1.append(rows.f1()[r]);
        support.append((int) rows.support()[r]);
        if (ci != null) {
          for (int m = 0; m < 3; m++) {
            double[] b = ci[m * rows.size() + r];
            bounds.get(2 * m).append(b[0]);
            bounds.get(2 * m + 1).append(b[1]);
          }
        }
      }
    }

    Table build() {
      Table t = Table.create("classification report");
      groups.forEach(t::addColumns);
      t.addColumns(cls, precision, recall, f1, support);
      bounds.forEach(t::addColumns);
      return t;
    }
  }
}
