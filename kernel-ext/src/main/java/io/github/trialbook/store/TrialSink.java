package io.github.trialbook.store;

import io.github.trialbook.batch.TrialRecord;

/**
 * Where the engine hands each finished trial: the checkpoint SPI. The engine calls
 * {@link #append} from worker threads, once per trial outcome, so it must be thread-safe and
 * cheap (hand off to a writer thread); {@link #flush} forces what was appended to durable storage;
 * {@link #close} flushes and releases the file. A sink never throws from {@code append} for an
 * I/O problem on the writer side; it reports it from {@code flush}/{@code close} and through
 * {@link #failure()}.
 */
public interface TrialSink extends AutoCloseable {
  void append(TrialRecord record);

  /**
   * Appends the record of trial number {@code trial}; a sink that keeps the records where a
   * {@link TrialStore} reads them tells the store once the record is written.
   */
  default void append(int trial, TrialRecord record) {
    append(record);
  }

  void flush();

  @Override
  void close();

  /** The first write failure, if the sink has stopped working; null while healthy. */
  default Throwable failure() {
    return null;
  }

  /** A sink that keeps nothing (no run directory). */
  static TrialSink none() {
    return NoSink.INSTANCE;
  }
}
