package io.github.trialbook.batch.event;

import io.github.trialbook.batch.TrialRecord;

/**
 * A fact about a running batch, delivered to {@link BatchListener}s in the order it happened for
 * each trial: {@link TrialStarted}, any {@link AttemptFailed}, then exactly one
 * {@link TrialFinished}. {@link BatchStarted} comes first and {@link BatchFinished} last.
 */
public sealed interface BatchEvent {
  String batch();

  record BatchStarted(String batch, long totalTrials, int parallelism) implements BatchEvent {}

  record TrialStarted(String batch, String key, int worker) implements BatchEvent {}

  /**
   * An attempt failed; {@code willRetry} says whether another attempt follows. {@code error} is
   * the exception as the stage threw it, so its message may hold a secret the records and views
   * never show: pass it through {@code Secrets.scrubber(spec.configs()).describe(error)} before
   * logging it.
   */
  record AttemptFailed(String batch, String key, String stage, int attempt, Throwable error,
      boolean willRetry) implements BatchEvent {}

  record TrialFinished(String batch, TrialRecord record) implements BatchEvent {}

  record BatchFinished(String batch, ProgressSnapshot progress) implements BatchEvent {}
}
