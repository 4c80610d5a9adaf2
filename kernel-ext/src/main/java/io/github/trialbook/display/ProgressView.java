package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;

/**
 * Shows a running batch. {@code runBatch} drives it from the thread that called it (the notebook
 * cell's thread), because kernels drop display updates sent after the cell has finished: one
 * {@link #update} per progress interval while the batch runs, then exactly one {@link #finish}.
 * Implementations throttle and cap their own output; an exception they throw is logged and the
 * view is dropped, never the batch.
 */
public interface ProgressView {
  void update(ProgressSnapshot snapshot);

  /** The final picture: finished or cancelled. Called once. */
  void finish(ProgressSnapshot snapshot);
}
