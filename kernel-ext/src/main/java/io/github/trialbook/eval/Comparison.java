package io.github.trialbook.eval;

import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Two predictions of the same items side by side (stage 1 vs final, or config A vs config B):
 * accuracy, precision, recall and F1 of each, the delta (B − A), a paired bootstrap interval of the
 * delta, and McNemar's test of paired correctness where it applies (accuracy: all items; recall in
 * binary mode: the items whose truth is positive). A row is {@code significant} when McNemar's
 * p-value is below {@code alpha}, or, for precision and F1, when the delta's interval excludes 0.
 * Multi-class comparisons use macro averages; binary mode ({@link #positiveLabel}) reports the
 * positive class.
 *
 * <pre>{@code
 * Comparison c = Metrics.compare(results, "label", "stage1.prediction", "final.prediction")
 *     .positiveLabel("spam")
 *     .subset("handoff", row -> row.getString("stage1.decision").equals("handoff"));
 * Metrics.compareConfigs(results, "label", "final.prediction", "baseline", "candidate")
 *     .pairBy("input_id");
 * }</pre>
 *
 * <p>Immutable and thread-safe; computed once, on first use. The delta intervals cost
 * resamples × items random draws per subset (1,000 × 100k take a fraction of a second); pass a
 * smaller {@link #bootstrap} for millions of items.
 */
public final class Comparison implements Renderable {
  private static final String ALL = "all";
  private static final String[] METRICS = {"accuracy", "precision", "recall", "f1"};
  /** Paired resamples count a truth × A × B cube; beyond this many labels it gets too big. */
  private static final int CUBE_LABELS = 64;

  private final Table source;
  private final ValueSource truth;
  private final ValueSource predA;
  private final ValueSource predB;
  private final String configA;
  private final String configB;
  private final Options options;
  private final Lazy<Computed> computed = new Lazy<>(this::compute);

  private record Computed(Table table, List<String> notes) {}

  /** The options set so far; an option method changes a copy, so a comparison never changes. */
  private static final class Options {
    private Object positive;
    private Map<String, Predicate<Row>> subsets = Map.of();
    private double alpha = 0.05;
    private Bootstrap bootstrap = Bootstrap.ofDefaults();
    private boolean dropMissing;
    private String configColumn = "config";
    private String pairBy = "input_id";

    Options copy() {
      Options o = new Options();
      o.positive = positive;
      o.subsets = subsets;
      o.alpha = alpha;
      o.bootstrap = bootstrap;
      o.dropMissing = dropMissing;
      o.configColumn = configColumn;
      o.pairBy = pairBy;
      return o;
    }
  }

  private Comparison(Table source, ValueSource truth, ValueSource predA, ValueSource predB,
      String configA, String configB, Options options) {
    this.source = source;
    this.truth = truth;
    this.predA = predA;
    this.predB = predB;
    this.configA = configA;
    this.configB = configB;
    this.options = options;
  }

  static Comparison ofColumns(Table table, ValueSource truth, ValueSource a, ValueSource b) {
    if (a.name().equals(b.name())) {
      throw new IllegalArgumentException("both predictions are named '" + a.name()
          + "'; compare two different columns, e.g. \"stage1.prediction\" and \"final.prediction\"");
    }
    return new Comparison(table, truth, a, b, null, null, new Options());
  }

  static Comparison ofConfigs(Table table, ValueSource truth, ValueSource prediction,
      String configA, String configB) {
    if (configA == null || configB == null || configA.equals(configB)) {
      throw new IllegalArgumentException("compareConfigs needs two different config names (were "
          + configA + ", " + configB + ")");
    }
    return new Comparison(table, truth, prediction, prediction, configA, configB, new Options());
  }

  private Comparison with(Consumer<Options> change) {
    Options o = options.copy();
    change.accept(o);
    return new Comparison(source, truth, predA, predB, configA, configB, o);
  }

  /** Binary mode: precision, recall and F1 of this class. */
  public Comparison positiveLabel(Object label) {
    Objects.requireNonNull(label, "positive label cannot be null; pass the positive class value");
    return with(o -> o.positive = label);
  }

  /**
   * Adds rows for the items matching {@code predicate} (in config mode, tested on config A's
   * row), next to the rows for all items.
   */
  public Comparison subset(String name, Predicate<Row> predicate) {
    if (name == null || name.isBlank() || name.equals(ALL)) {
      throw new IllegalArgumentException("subset name must be non-blank and not \"all\" (was "
          + name + "); e.g. subset(\"handoff\", row -> ...)");
    }
    Objects.requireNonNull(predicate, "predicate cannot be null; pass row -> boolean");
    Map<String, Predicate<Row>> subsets = new LinkedHashMap<>(options.subsets);
    subsets.put(name, predicate);
    return with(o -> o.subsets = subsets);
  }

  /** Significance level, default 0.05. */
  public Comparison alpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "alpha must be between 0 and 1, exclusive (was %s); e.g. 0.05", alpha));
    }
    return with(o -> o.alpha = alpha);
  }

  /** Bootstrap for the delta intervals (default {@link Bootstrap#ofDefaults()}). */
  public Comparison bootstrap(Bootstrap bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap cannot be null; pass Bootstrap.ofDefaults()");
    return with(o -> o.bootstrap = bootstrap);
  }

  /** Skips items with a missing truth or prediction instead of failing. */
  public Comparison dropMissing() {
    return with(o -> o.dropMissing = true);
  }

  /** Config mode: the column that pairs rows of the two configs (default "input_id"). */
  public Comparison pairBy(String idColumn) {
    Tables.column(source, idColumn);
    return with(o -> o.pairBy = idColumn);
  }

  /** Config mode: the column holding config names (default "config"). */
  public Comparison configColumn(String column) {
    Tables.column(source, column);
    return with(o -> o.configColumn = column);
  }

  public Table table() {
    return computed.get().table.copy();
  }

  private String nameA() {
    return configA != null ? configA : predA.name();
  }

  private String nameB() {
    return configB != null ? configB : predB.name();
  }

  /** Paired items (truth, A and B as label codes) and one mask of items per subset. */
  private record Paired(LabelData data, Map<String, boolean[]> masks, List<String> notes) {}

  private Paired pair() {
    Table t = Tables.requireTable(source);
    List<String> notes = new ArrayList<>();
    LabelData data;
    int[] rowsA = null;
    if (configA == null) {
      data = LabelData.readPaired(t, truth, predA, predB, null, null, options.dropMissing);
    } else {
      ConfigPairs pairs = ConfigPairs.of(t, options.configColumn, options.pairBy, configA, configB);
      if (pairs.note() != null) {
        notes.add(pairs.note());
      }
      rowsA = pairs.rowsA();
      data = LabelData.readPaired(t, truth, predA, predB, rowsA, pairs.rowsB(),
          options.dropMissing);
      requireSameTruth(t, data, pairs);
    }
    if (data.dropped > 0) {
      notes.add(data.dropped + " items with a missing value were left out");
    }
    int k = data.size();
    Map<String, boolean[]> masks = new LinkedHashMap<>();
    boolean[] all = new boolean[k];
    Arrays.fill(all, true);
    masks.put(ALL, all);
    Row row = new Row(t);
    for (Map.Entry<String, Predicate<Row>> e : options.subsets.entrySet()) {
      boolean[] mask = new boolean[k];
      for (int i = 0; i < k; i++) {
        row.at(rowsA == null ? data.items[i] : rowsA[data.items[i]]);
        mask[i] = e.getValue().test(row);
      }
      masks.put(e.getKey(), mask);
    }
    return new Paired(data, masks, notes);
  }

  /** Config B's row of a pair must hold the truth of config A's (when it holds one). */
  private void requireSameTruth(Table t, LabelData data, ConfigPairs pairs) {
    ValueSource.Reader tr = truth.reader(t);
    for (int j = 0; j < data.size(); j++) {
      int rowA = pairs.rowsA()[data.items[j]];
      int rowB = pairs.rowsB()[data.items[j]];
      Object tb = tr.get(rowB);
      if (tb != null && data.labels.code(tb, truth.toString()) != data.truth[j]) {
        throw new IllegalArgumentException("truth differs between " + configA + " and " + configB
            + " for " + options.pairBy + " " + t.column(options.pairBy).get(rowA)
            + " (" + tr.get(rowA) + " vs " + tb + "); pair rows of the same inputs");
      }
    }
  }

  private Computed compute() {
    Paired p = pair();
    LabelData d = p.data;
    int pos = -1;
    if (options.positive != null) {
      pos = d.labels.find(options.positive, "positiveLabel(...)");
      if (pos < 0) {
        throw new IllegalArgumentException("positive label " + options.positive
            + " does not occur in " + truth + ", " + predA + " or " + predB + "; labels found: "
            + Labels.texts(d.labels.values()) + "; pass one of them");
      }
    }
    boolean binary = pos >= 0;
    StringColumn subset = StringColumn.create("subset");
    StringColumn metric = StringColumn.create("metric");
    DoubleColumn a = DoubleColumn.create(nameA());
    DoubleColumn b = DoubleColumn.create(nameB().equals(nameA()) ? nameB() + " (B)" : nameB());
    DoubleColumn delta = DoubleColumn.create("delta");
    DoubleColumn lower = DoubleColumn.create("delta_lower");
    DoubleColumn upper = DoubleColumn.create("delta_upper");
    IntColumn items = IntColumn.create("n");
    IntColumn onlyA = IntColumn.create("only_" + nameA() + "_correct");
    IntColumn onlyB = IntColumn.create("only_" + b.name() + "_correct");
    DoubleColumn pValue = DoubleColumn.create("p_value");
    StringColumn test = StringColumn.create("test");
    BooleanColumn significant = BooleanColumn.create("significant");
    int l = d.labels.size();
    int[] sorted = d.labels.sortedCodes();
    for (Map.Entry<String, boolean[]> e : p.masks.entrySet()) {
      int[] idx = indices(e.getValue());
      if (idx.length == 0) {
        continue;
      }
      LabelCounts countsA = LabelCounts.of(l, d.truth, d.pred, idx);
      LabelCounts countsB = LabelCounts.of(l, d.truth, d.predB, idx);
      int[] orderA = binary ? new int[] {pos} : countsA.present(sorted);
      int[] orderB = binary ? new int[] {pos} : countsB.present(sorted);
      double[] va = values(countsA, orderA, binary);
      double[] vb = values(countsB, orderB, binary);
      double[][] bounds = deltaBounds(d, idx, orderA, orderB, binary);
      for (int m = 0; m < METRICS.length; m++) {
        subset.append(e.getKey());
        metric.append(METRICS[m]);
        a.append(va[m]);
        b.append(vb[m]);
        delta.append(vb[m] - va[m]);
        lower.append(bounds[m][0]);
        upper.append(bounds[m][1]);
        int only = m == 0 ? -1 : m == 2 && binary ? pos : -2;
        McNemar mc = only == -2 ? null : mcnemar(d, idx, only);
        if (mc != null) {
          items.append(only < 0 ? idx.length : countTruth(d, idx, only));
          onlyA.append((int) mc.onlyA());
          onlyB.append((int) mc.onlyB());
          pValue.append(mc.pValue());
          test.append(mc.test());
          significant.append(mc.pValue() < options.alpha);
        } else {
          items.append(idx.length);
          onlyA.appendMissing();
          onlyB.appendMissing();
          pValue.appendMissing();
          test.append("bootstrap interval");
          significant.append(bounds[m][0] > 0 || bounds[m][1] < 0);
        }
      }
    }
    Table t = Table.create("comparison", subset, metric, a, b, delta, lower, upper, items, onlyA,
        onlyB, pValue, test, significant);
    List<String> notes = new ArrayList<>(p.notes);
    Bootstrap bootstrap = options.bootstrap;
    notes.add(String.format(Locale.ROOT, "%s; delta = %s - %s; significant at alpha %s; "
            + "delta intervals: %.0f%% paired bootstrap, %d resamples, seed %d",
        binary ? "positive label " + options.positive : "precision/recall/f1 are macro averages",
        b.name(), a.name(), options.alpha, bootstrap.confidence() * 100,
        bootstrap.resamples(), bootstrap.seed()));
    return new Computed(t, List.copyOf(notes));
  }

  private static int countTruth(LabelData d, int[] idx, int label) {
    int count = 0;
    for (int i : idx) {
      count += d.truth[i] == label ? 1 : 0;
    }
    return count;
  }

  private static int[] indices(boolean[] mask) {
    return IntStream.range(0, mask.length).filter(i -> mask[i]).toArray();
  }

  /** accuracy, precision, recall, f1 of one prediction's counts (macro averages unless binary). */
  private static double[] values(LabelCounts counts, int[] order, boolean binary) {
    Prf.Rows rows = counts.prf(order, ZeroDivision.ZERO, binary);
    int row = binary ? 0 : order.length + 2;
    return new double[] {rows.f1()[order.length], rows.precision()[row], rows.recall()[row],
        rows.f1()[row]};
  }

  /**
   * Paired bootstrap bounds of each delta. Each item is one cell of the truth × A × B cube, so a
   * resample counts a cube; both predictions' truth × prediction matrices come from it.
   */
  private double[][] deltaBounds(LabelData d, int[] idx, int[] orderA, int[] orderB,
      boolean binary) {
    int l = d.labels.size();
    if (l > CUBE_LABELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "comparisons support up to %d labels (found %d); map rare labels to \"other\" with "
              + "ValueSource.of(name, row -> ...)", CUBE_LABELS, l));
    }
    int[] cells = new int[idx.length];
    for (int j = 0; j < idx.length; j++) {
      int i = idx[j];
      cells[j] = (d.truth[i] * l + d.pred[i]) * l + d.predB[i];
    }
    ThreadLocal<int[][]> matrices = ThreadLocal.withInitial(() -> new int[2][l * l]);
    return options.bootstrap.cellIntervals(cells, l * l * l, METRICS.length, (cube, out) -> {
      int[][] m = matrices.get();
      Arrays.fill(m[0], 0);
      Arrays.fill(m[1], 0);
      for (int c = 0; c < cube.length; c++) {
        if (cube[c] != 0) {
          int t = c / (l * l);
          m[0][t * l + (c / l) % l] += cube[c];
          m[1][t * l + c % l] += cube[c];
        }
      }
      double[] va = values(LabelCounts.ofMatrix(m[0], l), orderA, binary);
      double[] vb = values(LabelCounts.ofMatrix(m[1], l), orderB, binary);
      for (int k = 0; k < METRICS.length; k++) {
        out[k] = vb[k] - va[k];
      }
    });
  }

  /** McNemar over the items of {@code idx} (only those whose truth is {@code pos}, if given). */
  private static McNemar mcnemar(LabelData d, int[] idx, int pos) {
    long onlyA = 0;
    long onlyB = 0;
    for (int i : idx) {
      if (pos >= 0 && d.truth[i] != pos) {
        continue;
      }
      boolean aRight = d.pred[i] == d.truth[i];
      boolean bRight = d.predB[i] == d.truth[i];
      if (aRight && !bRight) {
        onlyA++;
      } else if (bRight && !aRight) {
        onlyB++;
      }
    }
    return McNemar.of(onlyA, onlyB);
  }

  private String title() {
    return "Comparison on " + truth.name() + ": " + nameA() + " vs " + nameB();
  }

  @Override
  public String toText() {
    return TableText.text(title(), computed.get().table, computed.get().notes);
  }

  @Override
  public String toHtml() {
    return TableText.html(title(), computed.get().table, computed.get().notes);
  }

  @Override
  public String toString() {
    return toText();
  }
}
