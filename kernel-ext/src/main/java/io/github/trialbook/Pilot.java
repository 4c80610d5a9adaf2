package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.event.LiveMetrics;
import io.github.trialbook.display.ProgressView;
import io.github.trialbook.forecast.Forecast;
import io.github.trialbook.forecast.Forecaster;
import io.github.trialbook.forecast.PilotSample;
import io.github.trialbook.forecast.ProjectedMetric;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a pilot into the spec's run directory, the sample's unfinished trials only, and forecasts
 * the rest from every finished record of the sample (so a second pilot reuses the first one's),
 * with the projected final intervals of the metrics when the spec evaluates.
 */
final class Pilot {
  private Pilot() {}

  static Forecast run(BatchSpec<?> spec, double fraction, ProgressView view) {
    int[] sample = PilotSample.trials(spec, fraction);
    BatchResult result = BatchLauncher.startUnfinished(spec, sample).awaitShowing(view);
    TrialRecord[] byTrial = byTrial(spec, result.records());
    List<TrialRecord> measured = new ArrayList<>();
    for (int t : sample) {
      if (finished(byTrial[t])) {
        measured.add(byTrial[t]);
      }
    }
    int[] remaining = new int[byTrial.length];
    int n = 0;
    for (int t = 0; t < byTrial.length; t++) {
      if (!finished(byTrial[t])) {
        remaining[n++] = t;
      }
    }
    Forecast forecast = Forecaster.forecast(spec, measured, Arrays.copyOf(remaining, n),
        result.elapsed());
    LiveMetrics metrics = result.progress().metrics();
    if (metrics == null) {
      return forecast;
    }
    Map<String, Long> sampled = new HashMap<>();
    measured.forEach(r -> sampled.merge(r.config(), 1L, Long::sum));
    Map<String, Long> trials = new HashMap<>();
    spec.configs().forEach(c -> trials.put(c.name(), (long) spec.inputs().size()));
    return forecast.withProjectedMetrics(ProjectedMetric.of(metrics, sampled, trials));
  }

  private static boolean finished(TrialRecord r) {
    return r != null && r.status().isFinished();
  }

  private static TrialRecord[] byTrial(BatchSpec<?> spec, List<TrialRecord> records) {
    Map<String, Integer> configIndex = new HashMap<>();
    for (int c = 0; c < spec.configs().size(); c++) {
      configIndex.put(spec.configs().get(c).name(), c);
    }
    Map<String, Integer> inputIndex = new HashMap<>();
    for (int i = 0; i < spec.inputIds().size(); i++) {
      inputIndex.put(spec.inputIds().get(i), i);
    }
    TrialRecord[] byTrial = new TrialRecord[spec.trialCount()];
    for (TrialRecord r : records) {
      Integer c = configIndex.get(r.config());
      Integer in = inputIndex.get(r.inputId());
      if (c != null && in != null) {
        byTrial[spec.trialOf(c, in)] = r;
      }
    }
    return byTrial;
  }
}
