package io.github.trialbook.batch;

import java.time.Duration;

/**
 * How often the checkpoint log is forced to disk (group commit): after {@code maxRecords} records
 * or {@code maxDelay}, whichever comes first, and always on finish, cancel and JVM shutdown. A
 * crash loses at most the unforced tail; those trials simply run again on resume.
 *
 * <pre>{@code
 * spec.checkpoint(new CheckpointPolicy(1000, Duration.ofMillis(200)));
 * }</pre>
 */
public record CheckpointPolicy(int maxRecords, Duration maxDelay) {
  public CheckpointPolicy {
    if (maxRecords < 1) {
      throw new BatchConfigException("checkpoint maxRecords must be at least 1 (was " + maxRecords
          + ")");
    }
    if (maxDelay == null || maxDelay.isNegative() || maxDelay.isZero()) {
      throw new BatchConfigException("checkpoint maxDelay must be a positive Duration (was "
          + maxDelay + ")");
    }
  }

  /** fsync every 1,000 records or 200 ms. */
  public static CheckpointPolicy defaults() {
    return new CheckpointPolicy(1000, Duration.ofMillis(200));
  }
}
