package io.github.trialbook.forecast;

import io.github.trialbook.batch.event.LiveMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where a metric of one config is heading: the pilot's estimate with its fixed-sample 95 %
 * interval, and the interval the full batch is expected to give if the estimate holds. The
 * width shrinks with the square root of the evaluated trials (the central limit theorem; the
 * sub-populations a metric counts, such as the predicted positives of precision, grow in
 * proportion), and evaluated trials grow from the pilot's to the config's trials times the
 * pilot's share of evaluated (not missing) trials.
 *
 * <pre>{@code
 * for (ProjectedMetric m : Trialbook.pilot(spec, 0.02).projectedMetrics()) {
 *   System.out.println(m.config() + " " + m.metric() + " → [" + m.projectedLow() + ", "
 *       + m.projectedHigh() + "]");
 * }
 * }</pre>
 *
 * @param config the config
 * @param metric the metric's name
 * @param pilotValue the pilot's estimate
 * @param pilotLow the pilot's fixed-sample interval, low end
 * @param pilotHigh the pilot's fixed-sample interval, high end
 * @param pilotEvaluated trials the pilot evaluated
 * @param finalEvaluated trials the full batch is expected to evaluate
 * @param projectedLow the projected final interval, low end
 * @param projectedHigh the projected final interval, high end
 */
public record ProjectedMetric(String config, String metric, double pilotValue, double pilotLow,
    double pilotHigh, long pilotEvaluated, long finalEvaluated, double projectedLow,
    double projectedHigh) {

  /**
   * The projections of every metric of every config in {@code pilot}, the final metrics of a
   * pilot run; {@code sampled} and {@code trials} are each config's pilot trials and all its
   * trials. Configs the pilot evaluated nothing of are left out.
   */
  public static List<ProjectedMetric> of(LiveMetrics pilot, Map<String, Long> sampled,
      Map<String, Long> trials) {
    List<ProjectedMetric> out = new ArrayList<>();
    for (LiveMetrics.Row row : pilot.rows()) {
      long ran = sampled.getOrDefault(row.config(), 0L);
      if (row.evaluated() == 0 || ran == 0) {
        continue;
      }
      long expected = Math.max(row.evaluated(),
          Math.round(trials.getOrDefault(row.config(), 0L) * (double) row.evaluated() / ran));
      double shrink = Math.sqrt((double) row.evaluated() / expected);
      for (String name : pilot.metricNames()) {
        LiveMetrics.Estimate e = row.metrics().get(name);
        if (e == null || Double.isNaN(e.value()) || Double.isNaN(e.fixedLower())) {
          continue;
        }
        double low = e.value() - (e.value() - e.fixedLower()) * shrink;
        double high = e.value() + (e.fixedUpper() - e.value()) * shrink;
        out.add(new ProjectedMetric(row.config(), name, e.value(), e.fixedLower(), e.fixedUpper(),
            row.evaluated(), expected, low, high));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%s %s: pilot %.3f [%.3f, %.3f] over %d → "
        + "projected [%.3f, %.3f] over %d", config, metric, pilotValue, pilotLow, pilotHigh,
        pilotEvaluated, projectedLow, projectedHigh, finalEvaluated);
  }
}
