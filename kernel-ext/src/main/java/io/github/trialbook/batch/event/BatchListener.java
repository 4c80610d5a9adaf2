package io.github.trialbook.batch.event;

/**
 * Receives a batch's events and progress snapshots. Every method is a no-op by default; implement
 * what you need.
 *
 * <p>Delivery happens on one dispatcher thread, never on a worker: a slow listener cannot slow
 * the batch and an exception thrown by a listener is logged and ignored. Events of one trial
 * arrive in order (see {@link BatchEvent}); if a listener falls so far behind that its buffer
 * fills, further trial events are dropped and counted in
 * {@link ProgressSnapshot#droppedEvents()}. Snapshots are coalesced: a slow listener sees fewer of
 * them, always the latest. {@link #onBatchFinished} is delivered once, last.
 *
 * <pre>{@code
 * spec.listener(new BatchListener() {
 *   public void onTrialFinished(BatchEvent.TrialFinished e) { log(e.record()); }
 * });
 * }</pre>
 */
public interface BatchListener {
  default void onBatchStarted(BatchEvent.BatchStarted event) {}

  default void onTrialStarted(BatchEvent.TrialStarted event) {}

  default void onAttemptFailed(BatchEvent.AttemptFailed event) {}

  default void onTrialFinished(BatchEvent.TrialFinished event) {}

  /** A periodic snapshot (a few per second at most). */
  default void onProgress(ProgressSnapshot snapshot) {}

  default void onBatchFinished(BatchEvent.BatchFinished event) {}
}
