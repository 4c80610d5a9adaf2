package io.github.trialbook.batch;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The rules a batch spec's names and resources obey, shared by the builder's setters and build. */
final class SpecRules {
  private SpecRules() {}

  /** Refuses a name that occurs twice in {@code names} (all the configs, or the stages so far). */
  static void checkUnique(List<String> names, String what, String batch) {
    Set<String> seen = new LinkedHashSet<>();
    for (String n : names) {
      if (!seen.add(n)) {
        throw new BatchConfigException("duplicate " + what + " name '" + n + "' in batch " + batch
            + " (" + what + "s: " + names + "); give each " + what + " a distinct name");
      }
    }
  }

  /** Stage names become results columns, so they may not take a column's name. */
  static void checkStageName(String stage) {
    if (BatchSpec.RESERVED_NAMES.contains(stage) || stage.endsWith("_ms")) {
      throw new BatchConfigException("stage name '" + stage + "' clashes with a results "
          + "column (reserved: " + new TreeSet<>(BatchSpec.RESERVED_NAMES)
          + " and names ending in _ms); rename the stage");
    }
  }

  /** Every resource a stage takes has a limit and every limit is taken (checked at build). */
  static <I> void checkResources(List<Stage<I>> stages, Map<String, Integer> limits) {
    Set<String> used = new LinkedHashSet<>();
    for (Stage<I> stage : stages) {
      stage.resource().ifPresent(r -> {
        used.add(r);
        if (!limits.containsKey(r)) {
          throw new BatchConfigException("stage " + stage.name() + " takes resource '" + r
              + "' but no limit is set for it; add limit(\"" + r + "\", k)");
        }
      });
    }
    for (String resource : limits.keySet()) {
      if (!used.contains(resource)) {
        throw new BatchConfigException("limit(\"" + resource + "\", ...) is set but no stage "
            + "takes that resource (stages take " + used + "); remove the limit or name the "
            + "resource in stage(name, \"" + resource + "\", function)");
      }
    }
  }

  /**
   * Checks that early stopping has what it needs (an evaluation measuring its metric and a
   * shuffled order) and resolves the prediction column; null without a classification.
   */
  static <I> OutputColumn checkEvaluation(String batch, Evaluate<I> evaluate, EarlyStop stop,
      Order order, List<Stage<I>> stages) {
    if (stop.enabled()) {
      if (evaluate == null) {
        throw new BatchConfigException("batch " + batch + " has earlyStop but no evaluate(...): "
            + "early stopping compares configs on a measured metric; add .evaluate(Evaluate"
            + ".classification(truth, \"column\")) or remove earlyStop");
      }
      if (!order.isShuffled()) {
        throw new BatchConfigException("batch " + batch + " has earlyStop but inputs in their "
            + "natural order: the first inputs of an ordered list are not a fair sample of the "
            + "rest, so an early decision could be wrong; add .order(Order.shuffled(seed))");
      }
      if (!evaluate.metricNames().contains(stop.metric())) {
        throw new BatchConfigException("batch " + batch + " stops early on " + stop.metric()
            + " but evaluate measures " + evaluate.metricNames() + (Evaluate.F1.equals(stop
            .metric()) || Evaluate.PRECISION.equals(stop.metric()) || Evaluate.RECALL.equals(
            stop.metric()) ? "; precision, recall and f1 need positiveLabel(...)" : "")
            + "; pass one of those to EarlyStop.whenBehind");
      }
    }
    if (evaluate == null || evaluate.classificationPart() == null) {
      return null;
    }
    List<String> names = new java.util.ArrayList<>();
    stages.forEach(s -> names.add(s.name()));
    return OutputColumn.of(evaluate.classificationPart().predictionColumn(), names);
  }
}
