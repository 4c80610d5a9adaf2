package io.github.trialbook.batch;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * What a batch measures per trial while it runs, for live metrics with anytime-valid intervals
 * and early stopping ({@link BatchSpec.Builder#evaluate}). Immutable.
 *
 * <ul>
 *   <li>{@link #classification} compares a prediction column (as the results table names it:
 *       {@code label} for a stage's scalar output, {@code final.label} for a field of a record or
 *       map) with the truth the input carries: accuracy always; precision, recall and F1 of the
 *       {@linkplain #positiveLabel positive label} when one is given.
 *   <li>{@link #score} is any per-trial score in [0, 1] (or in {@linkplain #bounds declared
 *       bounds}), e.g. an LLM judge's grade; its live metric is the mean.
 *   <li>{@link #of} combines one classification with any number of scores.
 * </ul>
 * Failed and timed-out trials, and trials whose prediction or truth is null (or whose score is not
 * a number inside the bounds), count as missing: shown beside n, never as right or wrong.
 *
 * <pre>{@code
 * Evaluate<Doc> e = Evaluate.of(
 *     Evaluate.<Doc>classification(Doc::label, "final.label").positiveLabel("spam"),
 *     Evaluate.<Doc>score("judge", t -> ((Number) t.value("judge.grade")).doubleValue() / 10)));
 * }</pre>
 *
 * @param <I> the input type
 */
public final class Evaluate<I> {
  /** Metric names a classification gives. */
  public static final String ACCURACY = "accuracy";
  public static final String PRECISION = "precision";
  public static final String RECALL = "recall";
  public static final String F1 = "f1";

  private final Classification<I> classification;
  private final List<Score<I>> scores;

  private Evaluate(Classification<I> classification, List<Score<I>> scores) {
    this.classification = classification;
    this.scores = List.copyOf(scores);
  }

  /** A finished trial as a score function sees it. */
  public interface Trial<I> {
    I input();

    TrialRecord record();

    /** The value of a results-table column of this trial ({@code stage} or {@code stage.field}). */
    Object value(String column);
  }

  /** Truth from the input, prediction from a column of the trial's outputs. */
  public record Classification<I>(Function<? super I, ?> truth, String predictionColumn,
      String positiveLabel) {}

  /** A bounded per-trial score. */
  public record Score<I>(String name, ToDoubleFunction<Trial<I>> function, double lower,
      double upper) {}

  /**
   * Classification of {@code predictionColumn} against {@code truth(input)}; labels compare as
   * strings ({@code String.valueOf}).
   *
   * @throws BatchConfigException if an argument is null or blank
   */
  public static <I> Evaluate<I> classification(Function<? super I, ?> truth,
      String predictionColumn) {
    if (truth == null) {
      throw new BatchConfigException("classification truth cannot be null; pass a function from "
          + "input to its true label, e.g. Doc::label");
    }
    if (predictionColumn == null || predictionColumn.isBlank()) {
      throw new BatchConfigException("classification predictionColumn cannot be null or blank; "
          + "pass the results-table column of the predicted label, e.g. \"final.label\"");
    }
    return new Evaluate<>(new Classification<>(truth, predictionColumn, null), List.of());
  }

  /**
   * A per-trial score in [0, 1] named {@code name}; {@link #bounds} declares another range.
   *
   * @throws BatchConfigException if the name is not a valid name or the function is null
   */
  public static <I> Evaluate<I> score(String name, ToDoubleFunction<Trial<I>> score) {
    if (name == null || !name.matches("[A-Za-z0-9._-]+") || isClassificationMetric(name)) {
      throw new BatchConfigException("score name must be letters, digits, '.', '_' or '-' and not "
          + "one of accuracy, precision, recall, f1 (was " + (name == null ? "null" : "'" + name
          + "'") + "); pass e.g. \"judge\"");
    }
    if (score == null) {
      throw new BatchConfigException("score function of " + name + " cannot be null; pass "
          + "t -> a number in [0, 1]");
    }
    return new Evaluate<>(null, List.of(new Score<>(name, score, 0, 1)));
  }

  /** One classification (at most) and scores with distinct names, measured together. */
  @SafeVarargs
  public static <I> Evaluate<I> of(Evaluate<I>... parts) {
    if (parts == null || parts.length == 0) {
      throw new BatchConfigException("Evaluate.of needs at least one part; pass "
          + "Evaluate.classification(...) and/or Evaluate.score(...)");
    }
    Classification<I> c = null;
    List<Score<I>> all = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Evaluate<I> part : parts) {
      if (part == null) {
        throw new BatchConfigException("Evaluate.of got a null part; remove it");
      }
      if (part.classification != null) {
        if (c != null) {
          throw new BatchConfigException("Evaluate.of takes one classification (got two: "
              + c.predictionColumn() + " and " + part.classification.predictionColumn()
              + "); evaluate the other column as a score or in another batch");
        }
        c = part.classification;
      }
      for (Score<I> s : part.scores) {
        if (!names.add(s.name())) {
          throw new BatchConfigException("Evaluate.of got two scores named " + s.name()
              + "; give each score its own name");
        }
        all.add(s);
      }
    }
    return new Evaluate<>(c, all);
  }

  /**
   * The label that counts as positive, for precision, recall and F1.
   *
   * @throws BatchConfigException if this is not a classification alone, or the label is null
   */
  public Evaluate<I> positiveLabel(String label) {
    if (classification == null || !scores.isEmpty()) {
      throw new BatchConfigException("positiveLabel applies to Evaluate.classification(...) "
          + "before it is combined; call Evaluate.classification(truth, column).positiveLabel(\""
          + label + "\")");
    }
    if (label == null) {
      throw new BatchConfigException("positiveLabel cannot be null; pass the positive class, "
          + "e.g. \"spam\"");
    }
    return new Evaluate<>(new Classification<>(classification.truth(),
        classification.predictionColumn(), label), List.of());
  }

  /**
   * The range of this score: values are rescaled to [0, 1] for the intervals and shown in
   * their own units.
   *
   * @throws BatchConfigException if this is not a single score or the bounds are not finite
   *     with lower below upper
   */
  public Evaluate<I> bounds(double lower, double upper) {
    if (classification != null || scores.size() != 1) {
      throw new BatchConfigException("bounds apply to one Evaluate.score(...) before it is "
          + "combined; call Evaluate.score(name, fn).bounds(lo, hi)");
    }
    if (!(Double.isFinite(lower) && Double.isFinite(upper) && lower < upper)) {
      throw new BatchConfigException("bounds of score " + scores.get(0).name() + " must be "
          + "finite with lower < upper (were " + lower + ", " + upper + "); e.g. bounds(0, 10)");
    }
    Score<I> s = scores.get(0);
    return new Evaluate<>(null, List.of(new Score<>(s.name(), s.function(), lower, upper)));
  }

  /** The classification, or null when only scores are measured. */
  public Classification<I> classificationPart() {
    return classification;
  }

  public List<Score<I>> scores() {
    return scores;
  }

  /** Every metric this measures, in display order: the classification's, then the scores. */
  public List<String> metricNames() {
    List<String> names = new ArrayList<>();
    if (classification != null) {
      names.add(ACCURACY);
      if (classification.positiveLabel() != null) {
        names.addAll(List.of(PRECISION, RECALL, F1));
      }
    }
    scores.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The metric views lead with: F1 of a binary classification, else accuracy, else a score. */
  public String primaryMetric() {
    List<String> names = metricNames();
    return names.contains(F1) ? F1 : names.get(0);
  }

  private static boolean isClassificationMetric(String name) {
    return Set.of(ACCURACY, PRECISION, RECALL, F1).contains(name);
  }

  @Override
  public String toString() {
    return "Evaluate" + metricNames();
  }
}
