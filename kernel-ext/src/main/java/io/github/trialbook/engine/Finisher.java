package io.github.trialbook.engine;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.internal.Uninterruptibly;
import io.github.trialbook.store.UnserializableOutputException;
import io.github.trialbook.internal.Loggers;
import java.lang.System.Logger.Level;

/**
 * Records a trial outcome exactly once: in the checkpoint, the results, the counters and the
 * events. Called by the worker that ran the trial, or by the monitor for a trial it took from an
 * abandoned worker; the {@link WorkerSlot} handshake guarantees only one of them calls it.
 *
 * <p>Every record is scrubbed of the batch's secrets first ({@link Execution#scrubber}), so the
 * results, the checkpoint and the views hold the same text. The checkpoint comes next: an output
 * the log cannot hold turns the trial into a failure here, on the worker, before anything
 * counts it. A cancelled trial is not finished: it is not checkpointed (so resume runs it
 * again) and it does not replace an earlier finished record.
 */
final class Finisher {

  private Finisher() {}

  static void finish(Execution<?> ex, Counters.Tally tally, int trial, int config,
      TrialRecord made) {
    // scrubbed once, here: memory, checkpoint, table and views then hold the same text
    TrialRecord record = ex.scrubber.scrub(made);
    TrialRecord kept = record;
    if (record.status() == TrialStatus.CANCELLED) {
      TrialStatus previous = ex.results.status(trial);
      if (previous == null || !previous.isFinished()) {
        ex.results.put(trial, record);
      }
    } else {
      kept = persist(ex, trial, record);
    }
    tally.finished(config, kept.status());
    if (kept.status() != TrialStatus.CANCELLED) {
      ex.addUsage(config, kept, true);
      if (ex.board != null) {
        ex.board.observe(trial, kept);
      }
    }
    if (ex.events != null) {
      ex.emit(new BatchEvent.TrialFinished(ex.name, kept));
    }
  }

  /**
   * Keeps the record and appends it to the checkpoint (the store holds it until the log has it);
   * the interrupt of a cancel must not lose a finished trial.
   */
  private static TrialRecord persist(Execution<?> ex, int trial, TrialRecord record) {
    return Uninterruptibly.holdingInterrupt(() -> {
      TrialRecord kept = record;
      try {
        ex.results.put(trial, record);
        try {
          ex.sink.append(trial, record);
        } catch (UnserializableOutputException e) {
          kept = ex.scrubber.scrub(e.failedTrial(record));
          ex.noteFailure(record.key(), kept.error().stage(), kept.error().summary(),
              record.startedAtMillis());
          ex.results.put(trial, kept);
          ex.sink.append(trial, kept);
        }
      } catch (RuntimeException e) {
        if (ex.sinkFailure.compareAndSet(null, e)) {
          Loggers.trialbook().log(Level.ERROR, "batch " + ex.name + ": the checkpoint stopped working; results "
              + "from now on are kept in memory only", e);
        }
      }
      return kept;
    });
  }
}
