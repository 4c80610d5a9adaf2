package io.github.trialbook.engine;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.EarlyStop;
import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.OutputColumn;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.LiveMetrics;
import java.util.ArrayList;
import java.util.List;
import io.github.trialbook.store.TrialStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.BiConsumer;

/**
 * The live metrics of a batch and its early stops. Workers {@link #observe} each finished trial
 * (one evaluation and a few array writes); the monitor {@link #advance}s: it feeds the
 * observations into the per-config and per-pair statistics in the inputs' queue order, never in
 * the order trials happened to finish, so a slow class of inputs cannot bias the early figures,
 * decides early stops and publishes an immutable {@link LiveMetrics}. Each advance costs the new
 * observations plus a constant per pair of configs; nothing is recomputed over all trials.
 *
 * <p>An input's position counts once it is resolved: evaluated, missing (failed, timed out, or a
 * prediction that could not be read), or skipped (stopped early, or not part of this run: these
 * count neither way). Cancelled trials stay unresolved, so the figures stop at the first of them.
 */
final class LiveBoard<I> {
  private static final int PENDING = 0;
  private static final int MISSING = 1;
  private static final int PRESENT = 2;
  /** Resolved without counting: stopped early, or not part of this run. */
  private static final int SKIPPED = 3;
  private static final int MAX_LABELS = 1 << 15;

  private final BatchSpec<I> spec;
  private final Evaluate<I> evaluate;
  private final Evaluate.Classification<I> classification;
  private final OutputColumn predictionColumn;
  private final List<Evaluate.Score<I>> scores;
  private final int configs;
  private final int inputs;
  private final AtomicIntegerArray state;
  /** Per position: truth id << 16 | prediction id, or -1 when either is missing. */
  private final int[] classCodes;
  /** Per score, per position: the value scaled to [0, 1], NaN when missing. */
  private final double[][] scoreValues;
  private final ConcurrentHashMap<String, Integer> labelIds = new ConcurrentHashMap<>();
  private final AtomicInteger nextLabel = new AtomicInteger();
  private final int positiveId;
  private volatile String problem;

  // owned by the monitor thread
  private final int[] cursor;
  private final ConfigFigures[] figures;
  private final PairFigures[][] pairs;
  private final String primary;
  /** The primary metric's index among the scores, or -1 when it is a classification metric. */
  private final int primaryScore;
  /** The columns score functions read, resolved once each (workers share it). */
  private final Map<String, OutputColumn> columns = new ConcurrentHashMap<>();
  private final EarlyStop earlyStop;
  private final double alpha;
  private final String[] stopped;
  private volatile LiveMetrics latest;

  LiveBoard(BatchSpec<I> spec, TrialStore previous, java.util.BitSet planned) {
    this.spec = spec;
    this.evaluate = spec.evaluate().orElseThrow();
    this.classification = evaluate.classificationPart();
    this.predictionColumn = spec.predictionColumn();
    this.scores = evaluate.scores();
    this.configs = spec.configs().size();
    this.inputs = spec.inputs().size();
    this.state = new AtomicIntegerArray(configs * inputs);
    this.classCodes = classification == null ? null : new int[configs * inputs];
    this.scoreValues = new double[scores.size()][configs * inputs];
    this.positiveId = classification == null || classification.positiveLabel() == null ? -1
        : idOf(classification.positiveLabel());
    this.earlyStop = spec.earlyStop();
    this.primary = earlyStop.enabled() ? earlyStop.metric() : evaluate.primaryMetric();
    this.primaryScore = scoreIndex(primary);
    this.alpha = 1 - (earlyStop.enabled() ? earlyStop.confidence() : 0.95);
    int pairCount = configs * (configs - 1) / 2;
    double pairAlpha = alpha / Math.max(1, pairCount);
    this.cursor = new int[configs];
    this.figures = new ConfigFigures[configs];
    this.pairs = new PairFigures[configs][configs];
    for (int c = 0; c < configs; c++) {
      figures[c] = new ConfigFigures(alpha, scores.size());
      for (int d = c + 1; d < configs; d++) {
        pairs[c][d] = new PairFigures(primary, pairAlpha);
      }
    }
    this.stopped = new String[configs];
    for (int t = 0; t < previous.trials(); t++) {
      if (planned.get(t)) {
        continue;
      }
      TrialStatus status = previous.status(t);
      TrialRecord r = status == null || !status.isFinished() ? null : previous.get(t);
      if (r == null) {
        state.set(position(t), SKIPPED); // not part of this run
      } else {
        observe(t, r);
        if (r.status() == TrialStatus.STOPPED && earlyStop.enabled()) {
          int c = spec.configIndexOf(t);
          stopped[c] = r.error() == null ? "stopped early" : r.error().message();
        }
      }
    }
  }

  /** The early stops decided so far, by config index (null: running). Monitor thread. */
  String[] stopped() {
    return stopped;
  }

  private int position(int trial) {
    return spec.configIndexOf(trial) * inputs + spec.rankOf(spec.inputIndexOf(trial));
  }

  /** Records what trial {@code trial} measured; any thread, once per finished record. */
  void observe(int trial, TrialRecord r) {
    if (r.status() == TrialStatus.CANCELLED) {
      return;
    }
    int p = position(trial);
    if (r.status() == TrialStatus.STOPPED) {
      state.set(p, SKIPPED);
      return;
    }
    if (r.status() != TrialStatus.OK) {
      if (classCodes != null) {
        classCodes[p] = -1;
      }
      for (double[] values : scoreValues) {
        values[p] = Double.NaN;
      }
      state.set(p, MISSING);
      return;
    }
    I input = spec.inputs().get(spec.inputIndexOf(trial));
    if (classCodes != null) {
      classCodes[p] = classCode(input, r);
    }
    for (int k = 0; k < scores.size(); k++) {
      scoreValues[k][p] = scaledScore(scores.get(k), input, r);
    }
    state.set(p, PRESENT); // publishes the values above to the monitor
  }

  private int classCode(I input, TrialRecord r) {
    try {
      Object truth = classification.truth().apply(input);
      Object predicted = predictionColumn.read(r);
      if (truth == null || predicted == null) {
        return -1;
      }
      int t = idOf(String.valueOf(truth));
      int p = idOf(String.valueOf(predicted));
      return t < 0 || p < 0 ? -1 : t << 16 | p;
    } catch (RuntimeException e) {
      noteProblem("truth or prediction of " + r.key() + " could not be read (" + e + ")");
      return -1;
    }
  }

  private double scaledScore(Evaluate.Score<I> score, I input, TrialRecord r) {
    double v;
    try {
      v = score.function().applyAsDouble(new EvaluatedTrial<>(input, r, columns));
    } catch (RuntimeException e) {
      noteProblem("score " + score.name() + " of " + r.key() + " failed (" + e + ")");
      return Double.NaN;
    }
    if (!(v >= score.lower() && v <= score.upper())) {
      noteProblem("score " + score.name() + " of " + r.key() + " is " + v + ", outside ["
          + score.lower() + ", " + score.upper() + "]; counted as missing (declare bounds(lo, hi))");
      return Double.NaN;
    }
    return (v - score.lower()) / (score.upper() - score.lower());
  }

  private int idOf(String label) {
    Integer id = labelIds.get(label);
    if (id != null) {
      return id;
    }
    if (labelIds.size() >= MAX_LABELS) {
      noteProblem("more than " + MAX_LABELS + " distinct labels; the rest count as missing");
      return -1;
    }
    return labelIds.computeIfAbsent(label, l -> nextLabel.getAndIncrement());
  }

  private void noteProblem(String what) {
    if (problem == null) {
      problem = what;
    }
  }

  /**
   * Feeds what was resolved since the last call, in queue order, decides early stops and
   * publishes the figures. Monitor thread only.
   *
   * @param onStop called with a config index and the reason for each new early stop
   */
  LiveMetrics advance(boolean finished, BiConsumer<Integer, String> onStop) {
    for (int c = 0; c < configs; c++) {
      int base = c * inputs;
      int r = cursor[c];
      while (r < inputs && state.get(base + r) != PENDING) {
        feed(c, base + r);
        r++;
      }
      cursor[c] = r;
    }
    for (int c = 0; c < configs; c++) {
      for (int d = c + 1; d < configs; d++) {
        PairFigures pair = pairs[c][d];
        int upTo = Math.min(cursor[c], cursor[d]);
        for (int r = pair.cursor; r < upTo; r++) {
          feedPair(pair, c * inputs + r, d * inputs + r);
        }
        pair.cursor = upTo;
      }
    }
    int leader = leader();
    if (earlyStop.enabled() && leader >= 0) {
      for (int c = 0; c < configs; c++) {
        if (c == leader || stopped[c] != null) {
          continue;
        }
        LiveMetrics.Estimate diff = difference(c, leader);
        long paired = paired(c, leader);
        if (diff != null && paired >= earlyStop.minTrials() && diff.upper() < -earlyStop.margin()) {
          stopped[c] = String.format(java.util.Locale.ROOT, "stopped early: %s behind %s by %.3f "
              + "[%.3f, %.3f] after %d paired inputs", primary, spec.configs().get(leader).name(),
              -diff.value(), -diff.upper(), -diff.lower(), paired);
          onStop.accept(c, stopped[c]);
        }
      }
      leader = leader();
    }
    latest = metrics(leader, finished);
    return latest;
  }

  /** The figures published by the last {@link #advance}, or null before it. */
  LiveMetrics latest() {
    return latest;
  }

  private void feed(int c, int p) {
    ConfigFigures f = figures[c];
    int s = state.get(p);
    if (s == SKIPPED) {
      return;
    }
    if (s == MISSING) {
      f.missing++;
      return;
    }
    boolean any = false;
    if (classCodes != null && classCodes[p] >= 0) {
      int truth = classCodes[p] >>> 16;
      int pred = classCodes[p] & 0xFFFF;
      f.addClass(truth == pred, truth == positiveId, pred == positiveId, positiveId >= 0);
      any = true;
    }
    for (int k = 0; k < scoreValues.length; k++) {
      double v = scoreValues[k][p];
      if (!Double.isNaN(v)) {
        f.scores[k].add(v);
        any = true;
      }
    }
    if (any) {
      f.evaluated++;
    } else {
      f.missing++;
    }
  }

  private void feedPair(PairFigures pair, int pc, int pd) {
    if (state.get(pc) != PRESENT || state.get(pd) != PRESENT) {
      return;
    }
    if (primaryScore >= 0) {
      double a = scoreValues[primaryScore][pc];
      double b = scoreValues[primaryScore][pd];
      if (!Double.isNaN(a) && !Double.isNaN(b)) {
        pair.addMean(a - b);
      }
      return;
    }
    int ca = classCodes[pc];
    int cb = classCodes[pd];
    if (ca < 0 || cb < 0) {
      return;
    }
    int truth = ca >>> 16;
    boolean okA = truth == (ca & 0xFFFF);
    boolean okB = truth == (cb & 0xFFFF);
    boolean positive = truth == positiveId;
    switch (primary) {
      case Evaluate.ACCURACY -> pair.addMean((okA ? 1 : 0) - (okB ? 1 : 0));
      case Evaluate.RECALL -> {
        if (positive) {
          pair.addMean((okA ? 1 : 0) - (okB ? 1 : 0));
        }
      }
      default -> pair.addRatios(positive, (ca & 0xFFFF) == positiveId, (cb & 0xFFFF) == positiveId);
    }
  }

  private int scoreIndex(String name) {
    for (int k = 0; k < scores.size(); k++) {
      if (scores.get(k).name().equals(name)) {
        return k;
      }
    }
    return -1;
  }

  /** The config not stopped with the best primary metric, or -1 before any is evaluated. */
  private int leader() {
    int best = -1;
    double bestValue = Double.NEGATIVE_INFINITY;
    for (int c = 0; c < configs; c++) {
      if (stopped[c] != null) {
        continue;
      }
      double v = estimate(c, primary).value();
      if (!Double.isNaN(v) && v > bestValue) {
        best = c;
        bestValue = v;
      }
    }
    return best;
  }

  private long paired(int c, int d) {
    PairFigures pair = c < d ? pairs[c][d] : pairs[d][c];
    return pair.pairedInputs();
  }

  /** Config {@code c} minus config {@code d} on the primary metric, or null before a pair. */
  private LiveMetrics.Estimate difference(int c, int d) {
    LiveMetrics.Estimate e = c < d ? pairs[c][d].difference() : pairs[d][c].difference();
    if (e == null || c < d) {
      return e;
    }
    return LiveMetrics.Estimate.live(-e.value(), -e.upper(), -e.lower());
  }

  private LiveMetrics.Estimate estimate(int c, String metric) {
    int k = scoreIndex(metric);
    if (k >= 0) {
      Evaluate.Score<I> s = scores.get(k);
      return figures[c].scoreEstimate(k, s.lower(), s.upper(), false);
    }
    return figures[c].classEstimate(metric, false);
  }

  private LiveMetrics metrics(int leader, boolean finished) {
    List<LiveMetrics.Row> rows = new ArrayList<>(configs);
    List<String> names = evaluate.metricNames();
    for (int c = 0; c < configs; c++) {
      java.util.Map<String, LiveMetrics.Estimate> values = new java.util.LinkedHashMap<>();
      for (String m : names) {
        int k = scoreIndex(m);
        values.put(m, k >= 0 ? figures[c].scoreEstimate(k, scores.get(k).lower(),
            scores.get(k).upper(), finished) : figures[c].classEstimate(m, finished));
      }
      LiveMetrics.Estimate vs = leader < 0 || c == leader ? null : difference(c, leader);
      rows.add(new LiveMetrics.Row(spec.configs().get(c).name(), figures[c].evaluated,
          figures[c].missing, values, vs, leader < 0 || c == leader ? 0 : paired(c, leader),
          stopped[c]));
    }
    return new LiveMetrics(names, primary, 1 - alpha,
        leader < 0 ? null : spec.configs().get(leader).name(), spec.order().isShuffled(), rows,
        problem);
  }

  /** A finished trial as a score function sees it. */
  private record EvaluatedTrial<I>(I input, TrialRecord record, Map<String, OutputColumn> columns)
      implements Evaluate.Trial<I> {
    @Override
    public Object value(String column) {
      return columns.computeIfAbsent(column, c -> OutputColumn.of(c, record.stageNames()))
          .read(record);
    }
  }
}
