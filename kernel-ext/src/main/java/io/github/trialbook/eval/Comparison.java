package io.github.trialbook.eval;

import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

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
  /** Paired resamples count a truth × A × B cube; beyond this many labels it gets too big. */
  private static final int CUBE_LABELS = 64;

  private final Table source;
  private final ValueSource truth;
  private final ValueSource predA;
  private final ValueSource predB;
  private final String configA;
  private final String configB;
  private final Settings settings;
  private final Lazy<Computed> computed = new Lazy<>(this::compute);

  private record Settings(Object positive, Map<String, Predicate<Row>> subsets, double alpha,
      Bootstrap bootstrap, boolean dropMissing, String configColumn, String pairBy) {}

  private record Computed(Table table, List<String> notes) {}

  private Comparison(Table source, ValueSource truth, ValueSource predA, ValueSource predB,
      String configA, String configB, Settings settings) {
    this.source = source;
    this.truth = truth;
    this.predA = predA;
    this.predB = predB;
    this.configA = configA;
    this.configB = configB;
    this.settings = settings;
  }

  private static Settings defaults() {
    return new Settings(null, Map.of(), 0.05, Bootstrap.ofDefaults(), false, "config", "input_id");
  }

  static Comparison ofColumns(Table table, ValueSource truth, ValueSource a, ValueSource b) {
    if (a.name().equals(b.name())) {
      throw new IllegalArgumentException("both predictions are named '" + a.name()
          + "'; compare two different columns, e.g. \"stage1.prediction\" and \"final.prediction\"");
    }
    return new Comparison(table, truth, a, b, null, null, defaults());
  }

  static Comparison ofConfigs(Table table, ValueSource truth, ValueSource prediction,
      String configA, String configB) {
    if (configA == null || configB == null || configA.equals(configB)) {
      throw new IllegalArgumentException("compareConfigs needs two different config names (were "
          + configA + ", " + configB + ")");
    }
    return new Comparison(table, truth, prediction, prediction, configA, configB, defaults());
  }

  private Comparison with(Settings s) {
    return new Comparison(source, truth, predA, predB, configA, configB, s);
  }

  /** Binary mode: precision, recall and F1 of this class. */
  public Comparison positiveLabel(Object label) {
    Objects.requireNonNull(label, "positive label cannot be null; pass the positive class value");
    Settings s = settings;
    return with(new Settings(label, s.subsets, s.alpha, s.bootstrap, s.dropMissing,
        s.configColumn, s.pairBy));
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
    Map<String, Predicate<Row>> subsets = new LinkedHashMap<>(settings.subsets);
    subsets.put(name, predicate);
    Settings s = settings;
    return with(new Settings(s.positive, subsets, s.alpha, s.bootstrap, s.dropMissing,
        s.configColumn, s.pairBy));
  }

  /** Significance level, default 0.05. */
  public Comparison alpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "alpha must be between 0 and 1, exclusive (was %s); e.g. 0.05", alpha));
    }
    Settings s = settings;
    return with(new Settings(s.positive, s.subsets, alpha, s.bootstrap, s.dropMissing,
        s.configColumn, s.pairBy));
  }

  /** Bootstrap for the delta intervals (default {@link Bootstrap#ofDefaults()}). */
  public Comparison bootstrap(Bootstrap bootstrap) {
    Objects.requireNonNull(bootstrap, "bootstrap cannot be null; pass Bootstrap.ofDefaults()");
    Settings s = settings;
    return with(new Settings(s.positive, s.subsets, s.alpha, bootstrap, s.dropMissing,
        s.configColumn, s.pairBy));
  }

  /** Skips items with a missing truth or prediction instead of failing. */
  public Comparison dropMissing() {
    Settings s = settings;
    return with(new Settings(s.positive, s.subsets, s.alpha, s.bootstrap, true, s.configColumn,
        s.pairBy));
  }

  /** Config mode: the column that pairs rows of the two configs (default "input_id"). */
  public Comparison pairBy(String idColumn) {
    Tables.column(source, idColumn);
    Settings s = settings;
    return with(new Settings(s.positive, s.subsets, s.alpha, s.bootstrap, s.dropMissing,
        s.configColumn, idColumn));
  }

  /** Config mode: the column holding config names (default "config"). */
  public Comparison configColumn(String column) {
    Tables.column(source, column);
    Settings s = settings;
    return with(new Settings(s.positive, s.subsets, s.alpha, s.bootstrap, s.dropMissing, column,
        s.pairBy));
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

  /** Paired items: codes of truth and both predictions, and one mask per subset. */
  private record Paired(Labels labels, int[] truth, int[] a, int[] b,
      Map<String, boolean[]> masks, List<String> notes) {}

  private Paired pair() {
    Table t = Tables.requireTable(source);
    int n = t.rowCount();
    int[] rowsA;
    int[] rowsB;
    List<String> notes = new ArrayList<>();
    if (configA == null) {
      rowsA = java.util.stream.IntStream.range(0, n).toArray();
      rowsB = rowsA;
    } else {
      Column<?> config = Tables.column(t, settings.configColumn);
      Column<?> ids = Tables.column(t, settings.pairBy);
      Map<Object, Integer> byIdB = new HashMap<>();
      List<Integer> a = new ArrayList<>();
      int countA = 0;
      for (int i = 0; i < n; i++) {
        if (configB.equals(String.valueOf(config.get(i)))) {
          if (byIdB.put(ids.get(i), i) != null) {
            throw new IllegalArgumentException(settings.pairBy + " " + ids.get(i)
                + " occurs twice for config " + configB + "; pair by a unique id column");
          }
        }
      }
      List<Integer> b = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (configA.equals(String.valueOf(config.get(i)))) {
          countA++;
          Integer j = byIdB.get(ids.get(i));
          if (j != null) {
            a.add(i);
            b.add(j);
          }
        }
      }
      if (countA == 0 || byIdB.isEmpty()) {
        List<Object> configs = new ArrayList<>(new java.util.TreeSet<>(
            t.column(settings.configColumn).asList().stream().map(String::valueOf).toList()));
        throw new IllegalArgumentException("config " + (countA == 0 ? configA : configB)
            + " has no rows in column '" + settings.configColumn + "'; configs found: " + configs);
      }
      if (a.size() < countA || a.size() < byIdB.size()) {
        notes.add(String.format(Locale.ROOT, "%d of %d rows of %s and %d of %d rows of %s are "
                + "paired by %s; unpaired rows are left out", a.size(), countA, configA, a.size(),
            byIdB.size(), configB, settings.pairBy));
      }
      rowsA = a.stream().mapToInt(Integer::intValue).toArray();
      rowsB = b.stream().mapToInt(Integer::intValue).toArray();
    }
    ValueSource.Reader tr = truth.reader(t);
    ValueSource.Reader ra = predA.reader(t);
    ValueSource.Reader rb = predB.reader(t);
    Labels labels = new Labels();
    int m = rowsA.length;
    int[] ct = new int[m];
    int[] ca = new int[m];
    int[] cb = new int[m];
    int[] kept = new int[m];
    int k = 0;
    int missing = 0;
    for (int i = 0; i < m; i++) {
      Object tv = tr.get(rowsA[i]);
      Object av = ra.get(rowsA[i]);
      Object bv = rb.get(rowsB[i]);
      if (tv == null || av == null || bv == null) {
        missing++;
        continue;
      }
      ct[k] = labels.code(tv, truth.toString());
      if (configA != null) {
        Object tb = tr.get(rowsB[i]);
        if (tb != null && labels.code(tb, truth.toString()) != ct[k]) {
          throw new IllegalArgumentException("truth differs between " + configA + " and " + configB
              + " for " + settings.pairBy + " " + t.column(settings.pairBy).get(rowsA[i])
              + " (" + tv + " vs " + tb + "); pair rows of the same inputs");
        }
      }
      ca[k] = labels.code(av, predA.toString());
      cb[k] = labels.code(bv, predB.toString());
      kept[k++] = rowsA[i];
    }
    if (missing > 0 && !settings.dropMissing) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "%d of %d items have a missing value in %s, %s or %s; call dropMissing() to skip them "
              + "(e.g. failed trials)", missing, m, truth, predA, predB));
    }
    if (missing > 0) {
      notes.add(missing + " items with a missing value were left out");
    }
    if (k == 0) {
      throw new IllegalArgumentException("no paired items to compare in table '" + t.name() + "'");
    }
    Map<String, boolean[]> masks = new LinkedHashMap<>();
    boolean[] all = new boolean[k];
    Arrays.fill(all, true);
    masks.put(ALL, all);
    Row row = new Row(t);
    for (Map.Entry<String, Predicate<Row>> e : settings.subsets.entrySet()) {
      boolean[] mask = new boolean[k];
      for (int i = 0; i < k; i++) {
        row.at(kept[i]);
        mask[i] = e.getValue().test(row);
      }
      masks.put(e.getKey(), mask);
    }
    return new Paired(labels, Arrays.copyOf(ct, k), Arrays.copyOf(ca, k), Arrays.copyOf(cb, k),
        masks, notes);
  }

  private static final String[] METRICS = {"accuracy", "precision", "recall", "f1"};

  private Computed compute() {
    Paired p = pair();
    int pos = -1;
    if (settings.positive != null) {
      pos = p.labels.find(settings.positive, "positiveLabel(...)");
      if (pos < 0) {
        throw new IllegalArgumentException("positive label " + settings.positive
            + " does not occur in " + truth + ", " + predA + " or " + predB + "; labels found: "
            + ClassificationReport.texts(p.labels.values()) + "; pass one of them");
      }
    }
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
    int l = p.labels.size();
    int[] sorted = p.labels.sortedCodes();
    for (Map.Entry<String, boolean[]> e : p.masks.entrySet()) {
      int[] idx = indices(e.getValue());
      if (idx.length == 0) {
        continue;
      }
      int[] orderA = order(sorted, l, p.truth, p.a, idx, pos);
      int[] orderB = order(sorted, l, p.truth, p.b, idx, pos);
      double[] va = values(p.truth, p.a, idx, l, orderA, pos >= 0);
      double[] vb = values(p.truth, p.b, idx, l, orderB, pos >= 0);
      double[][] bounds = deltaBounds(p, idx, l, orderA, orderB, pos >= 0);
      for (int m = 0; m < METRICS.length; m++) {
        subset.append(e.getKey());
        metric.append(METRICS[m]);
        a.append(va[m]);
        b.append(vb[m]);
        delta.append(vb[m] - va[m]);
        lower.append(bounds[m][0]);
        upper.append(bounds[m][1]);
        int only = m == 0 ? -1 : m == 2 && pos >= 0 ? pos : -2;
        McNemar mc = only == -2 ? null : mcnemar(p, idx, only);
        if (mc != null) {
          items.append(only < 0 ? idx.length : countTruth(p, idx, only));
          onlyA.append((int) mc.onlyA());
          onlyB.append((int) mc.onlyB());
          pValue.append(mc.pValue());
          test.append(mc.test());
          significant.append(mc.pValue() < settings.alpha);
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
    notes.add(String.format(Locale.ROOT, "%s; delta = %s - %s; significant at alpha %s; "
            + "delta intervals: %.0f%% paired bootstrap, %d resamples, seed %d",
        pos >= 0 ? "positive label " + settings.positive : "precision/recall/f1 are macro averages",
        b.name(), a.name(), settings.alpha, settings.bootstrap.confidence() * 100,
        settings.bootstrap.resamples(), settings.bootstrap.seed()));
    return new Computed(t, List.copyOf(notes));
  }

  private static int countTruth(Paired p, int[] idx, int label) {
    int count = 0;
    for (int i : idx) {
      count += p.truth[i] == label ? 1 : 0;
    }
    return count;
  }

  private static int[] indices(boolean[] mask) {
    return java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i]).toArray();
  }

  /** Labels of one prediction's report over the subset: as scikit-learn, present in truth ∪ pred. */
  private static int[] order(int[] sorted, int l, int[] truth, int[] pred, int[] idx, int pos) {
    if (pos >= 0) {
      return new int[] {pos};
    }
    boolean[] present = new boolean[l];
    for (int i : idx) {
      present[truth[i]] = true;
      present[pred[i]] = true;
    }
    return Arrays.stream(sorted).filter(c -> present[c]).toArray();
  }

  /** accuracy, precision, recall, f1 over items {@code idx}. */
  private static double[] values(int[] truth, int[] pred, int[] idx, int l, int[] order,
      boolean binary) {
    int[] tp = new int[l];
    int[] pc = new int[l];
    int[] tc = new int[l];
    long correct = 0;
    for (int i : idx) {
      tc[truth[i]]++;
      pc[pred[i]]++;
      if (truth[i] == pred[i]) {
        tp[truth[i]]++;
        correct++;
      }
    }
    return values(tp, pc, tc, correct, idx.length, order, binary);
  }

  private static double[] values(int[] tp, int[] pc, int[] tc, long correct, long n, int[] order,
      boolean binary) {
    Prf.Rows rows = Prf.compute(order, tp, pc, tc, 0, correct, n, ZeroDivision.ZERO, binary);
    int row = binary ? 0 : order.length + 2;
    return new double[] {rows.f1()[order.length], rows.precision()[row], rows.recall()[row],
        rows.f1()[row]};
  }

  /**
   * Paired bootstrap bounds of each delta. Each item is encoded once as a cell of the truth × A ×
   * B cube, so a draw is one random read and one increment; both predictions' counts come from the
   * cube after the draws.
   */
  private double[][] deltaBounds(Paired p, int[] idx, int l, int[] orderA, int[] orderB,
      boolean binary) {
    if (l > CUBE_LABELS) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "comparisons support up to %d labels (found %d); map rare labels to \"other\" with "
              + "ValueSource.of(name, row -> ...)", CUBE_LABELS, l));
    }
    int m = idx.length;
    int[] cells = new int[m];
    for (int j = 0; j < m; j++) {
      int i = idx[j];
      cells[j] = (p.truth[i] * l + p.a[i]) * l + p.b[i];
    }
    ThreadLocal<int[]> cubes = ThreadLocal.withInitial(() -> new int[l * l * l]);
    double[][] draws = settings.bootstrap.run(METRICS.length, (rng, out) -> {
      int[] cube = cubes.get();
      Arrays.fill(cube, 0);
      for (int j = 0; j < m; j++) {
        cube[cells[rng.nextInt(m)]]++;
      }
      int[][] a = new int[3][l];
      int[][] b = new int[3][l];
      long correctA = 0;
      long correctB = 0;
      for (int c = 0; c < cube.length; c++) {
        int v = cube[c];
        if (v == 0) {
          continue;
        }
        int t = c / (l * l);
        int pa = (c / l) % l;
        int pb = c % l;
        a[2][t] += v;
        b[2][t] += v;
        a[1][pa] += v;
        b[1][pb] += v;
        if (t == pa) {
          a[0][t] += v;
          correctA += v;
        }
        if (t == pb) {
          b[0][t] += v;
          correctB += v;
        }
      }
      double[] va = values(a[0], a[1], a[2], correctA, m, orderA, binary);
      double[] vb = values(b[0], b[1], b[2], correctB, m, orderB, binary);
      for (int k = 0; k < METRICS.length; k++) {
        out[k] = vb[k] - va[k];
      }
    });
    double[][] bounds = new double[METRICS.length][];
    for (int k = 0; k < METRICS.length; k++) {
      bounds[k] = settings.bootstrap.bounds(Bootstrap.column(draws, k));
    }
    return bounds;
  }

  /** McNemar over the items of {@code idx} (only those whose truth is {@code pos}, if given). */
  private static McNemar mcnemar(Paired p, int[] idx, int pos) {
    long onlyA = 0;
    long onlyB = 0;
    for (int i : idx) {
      if (pos >= 0 && p.truth[i] != pos) {
        continue;
      }
      boolean aRight = p.a[i] == p.truth[i];
      boolean bRight = p.b[i] == p.truth[i];
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
