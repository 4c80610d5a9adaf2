package io.github.trialbook.engine;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.BatchEvent;

/**
 * Records a trial outcome exactly once: in the results, the counters, the checkpoint and the
 * events. Called by the worker that ran the trial, or by the monitor for a trial it took from an
 * abandoned worker; the {@link WorkerSlot} handshake guarantees only one of them calls it.
 *
 * <p>A cancelled trial is not finished: it is not checkpointed (so resume runs it again) and it
 * does not replace an earlier finished record of the same trial.
 */
final class Finisher {
  private Finisher() {}

  static void finish(Execution<?> ex, int trial, int config, TrialRecord record) {
    if (record.status() == TrialStatus.CANCELLED) {
      TrialRecord previous = ex.results[trial];
      if (previous == null || !previous.status().isFinished()) {
        ex.results[trial] = record;
      }
    } else {
      ex.sink.append(record);
      ex.results[trial] = record;
    }
    ex.counters.finished(config, record.status());
    if (ex.events != null) {
      ex.emit(new BatchEvent.TrialFinished(ex.name, record));
    }
  }
}
