package io.github.trialbook.batch.event;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics of a batch at one moment, per config: how many trials were evaluated and missing,
 * each metric with its anytime-valid interval (valid however often it is looked at; see
 * {@code stats.ConfidenceSequence}), and the difference to the current leader on the primary
 * metric with its interval. At the end of a batch the fixed-sample intervals (Wilson, normal) are
 * filled in beside them. Immutable; taken on the monitor thread, read from any.
 *
 * <pre>{@code
 * LiveMetrics m = handle.progress().metrics();   // null when the spec does not evaluate
 * LiveMetrics.Estimate f1 = m.row("A").orElseThrow().metrics().get("f1");
 * System.out.println(f1.value() + " in [" + f1.lower() + ", " + f1.upper() + "]");
 * }</pre>
 *
 * @param metricNames the metrics, in display order
 * @param primary the metric the leader is chosen on and differences are shown for
 * @param confidence the confidence of every interval, e.g. 0.95
 * @param leader the config with the best primary metric among those not stopped, or null
 * @param shuffled whether the inputs were visited in a random order (else the intervals describe
 *     the inputs seen so far, not the whole list)
 * @param rows one per config, in declaration order
 * @param problem the first evaluation that could not be made (a truth function that threw, a
 *     score out of its bounds), counted as missing; null when none
 */
public record LiveMetrics(List<String> metricNames, String primary, double confidence,
    String leader, boolean shuffled, List<Row> rows, String problem) {

  public LiveMetrics {
    metricNames = List.copyOf(metricNames);
    rows = List.copyOf(rows);
  }

  /**
   * One config's figures. {@code vsLeader} is {@code this - leader} on the primary metric over
   * {@code pairedInputs} inputs both finished (null for the leader itself or before any pair);
   * {@code stoppedReason} is non-null once the config was stopped early.
   */
  public record Row(String config, long evaluated, long missing, Map<String, Estimate> metrics,
      Estimate vsLeader, long pairedInputs, String stoppedReason) {
    public Row {
      metrics = Map.copyOf(metrics);
    }
  }

  /**
   * A point estimate and its anytime-valid interval; {@code fixedLower}/{@code fixedUpper} are
   * the fixed-sample interval at the end of the batch (NaN while it runs). NaN value when nothing
   * was evaluated yet.
   */
  public record Estimate(double value, double lower, double upper, double fixedLower,
      double fixedUpper) {

    /** The estimate while running: no fixed-sample interval yet. */
    public static Estimate live(double value, double lower, double upper) {
      return new Estimate(value, lower, upper, Double.NaN, Double.NaN);
    }
  }

  /** The row of {@code config}. */
  public Optional<Row> row(String config) {
    return rows.stream().filter(r -> r.config().equals(config)).findFirst();
  }
}
