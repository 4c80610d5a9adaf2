package io.github.trialbook.eval;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tech.tablesaw.api.Row;
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
      throw new EvalArgumentException("both predictions are named '" + a.name()
          + "'; compare two different columns, e.g. \"stage1.prediction\" and \"final.prediction\"");
    }
    return new Comparison(table, truth, a, b, null, null, new Options());
  }

  static Comparison ofConfigs(Table table, ValueSource truth, ValueSource prediction,
      String configA, String configB) {
    Checks.notNull(configA, "configA", "pass the name of a config in the table's config column",
        EvalArgumentException::new);
    Checks.notNull(configB, "configB", "pass the name of a config in the table's config column",
        EvalArgumentException::new);
    if (configA.equals(configB)) {
      throw new EvalArgumentException("compareConfigs needs two different config names (were "
          + configA + ", " + configB + "); pass two configs of the table's config column, e.g. "
          + "compareConfigs(table, \"label\", \"prediction\", \"baseline\", \"tuned\")");
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
    Checks.notNull(label, "positive label", "pass the positive class value", EvalArgumentException::new);
    return with(o -> o.positive = label);
  }

  /**
   * Adds rows for the items matching {@code predicate} (in config mode, tested on config A's
   * row), next to the rows for all items.
   */
  public Comparison subset(String name, Predicate<Row> predicate) {
    if (name == null || name.isBlank() || name.equals(ALL)) {
      throw new EvalArgumentException("subset name must be non-blank and not \"all\" (was "
          + name + "); e.g. subset(\"handoff\", row -> ...)");
    }
    Checks.notNull(predicate, "predicate", "pass row -> boolean", EvalArgumentException::new);
    Map<String, Predicate<Row>> subsets = new LinkedHashMap<>(options.subsets);
    subsets.put(name, predicate);
    return with(o -> o.subsets = subsets);
  }

  /** Significance level, default 0.05. */
  public Comparison alpha(double alpha) {
    if (!(alpha > 0 && alpha < 1)) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "alpha must be between 0 and 1, exclusive (was %s); e.g. 0.05", alpha));
    }
    return with(o -> o.alpha = alpha);
  }

  /** Bootstrap for the delta intervals (default {@link Bootstrap#ofDefaults()}). */
  public Comparison bootstrap(Bootstrap bootstrap) {
    Checks.notNull(bootstrap, "bootstrap", "pass Bootstrap.ofDefaults()", EvalArgumentException::new);
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
        throw new EvalArgumentException("truth differs between " + configA + " and " + configB
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
        throw new EvalArgumentException("positive label " + options.positive
            + " does not occur in " + truth + ", " + predA + " or " + predB + "; labels found: "
            + Labels.texts(d.labels.values()) + "; pass one of them");
      }
    }
    String columnB = nameB().equals(nameA()) ? nameB() + " (B)" : nameB();
    Table t = new PairedMetrics(d, pos, options.alpha, options.bootstrap)
        .table(p.masks, nameA(), columnB);
    List<String> notes = new ArrayList<>(p.notes);
    Bootstrap bootstrap = options.bootstrap;
    notes.add(String.format(Locale.ROOT, "%s; delta = %s - %s; significant at alpha %s; "
            + "delta intervals: %.0f%% paired bootstrap, %d resamples, seed %d",
        pos >= 0 ? "positive label " + options.positive : "precision/recall/f1 are macro averages",
        columnB, nameA(), options.alpha, bootstrap.confidence() * 100,
        bootstrap.resamples(), bootstrap.seed()));
    return new Computed(t, List.copyOf(notes));
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
