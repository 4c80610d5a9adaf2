package io.github.trialbook.spark;

import java.io.Serializable;

/**
 * What one task attempt sends back: its partition's trial numbers and, for each, the record as
 * one trial-log line ({@code RecordCodec}); null for a trial that did not finish.
 */
record PartitionResult(int partition, int attempt, String executorId, String host, int[] trials,
    byte[][] lines) implements Serializable {}
