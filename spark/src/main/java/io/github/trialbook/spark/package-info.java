/**
 * Trialbook on Apache Spark: {@link io.github.trialbook.spark.SparkRunner} runs a batch's trials
 * on executors with the same spec, run directory and live view as the local engine; the driver
 * stays the only writer of the checkpoint. Only {@code SparkRunner} is public.
 *
 * <pre>{@code
 * BatchResult r = SparkRunner.on(spark).runBatch(spec);
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK): the root package ({@code BatchEngine},
 * {@code BatchResult}, {@code BatchHandle}, {@code Select}), {@code batch}, {@code batch.event},
 * {@code engine.BatchRunner}, {@code store.Checkpoint}, {@code store.RecordCodec},
 * {@code store.TrialSink}, {@code store.UnserializableOutputException}, {@code display.Note},
 * {@code internal}, Spark and the Scala library.
 */
package io.github.trialbook.spark;
