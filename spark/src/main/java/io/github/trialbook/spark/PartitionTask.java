package io.github.trialbook.spark;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.store.Checkpoint;
import io.github.trialbook.store.RecordCodec;
import io.github.trialbook.store.UnserializableOutputException;
import java.io.Serializable;
import java.time.Duration;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.runtime.AbstractFunction1;

/**
 * The function of every task (runs on an executor): the trials of its partition, run in order by
 * the local engine with one worker (retries, timeouts, resource permits as locally), sent back as
 * trial-log lines. A killed task (cancel, lost executor, speculation) cancels its engine; what it
 * ran is lost and runs again in another attempt, which is why a stage may run more than once.
 */
final class PartitionTask<I> extends AbstractFunction1<Iterator<int[]>, PartitionResult>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  /** How often a task tells the driver's live view where it is. */
  private static final Duration REPORT_EVERY = Duration.ofMillis(100);

  private final Broadcast<ShippedSpec<I>> shipped;
  private final String feedAddress;
  private final String feedToken;

  PartitionTask(Broadcast<ShippedSpec<I>> shipped, String feedAddress, String feedToken) {
    this.shipped = shipped;
    this.feedAddress = feedAddress;
    this.feedToken = feedToken;
  }

  @Override
  public PartitionResult apply(Iterator<int[]> slice) {
    TaskContext task = TaskContext.get();
    int[] trials = slice.hasNext() ? slice.next() : new int[0];
    ShippedSpec.Task<I> work = shipped.value().forTrials(trials);
    BatchSpec<I> spec = work.spec();
    String executor = SparkEnv.get().executorId();
    String host = SparkEnv.get().blockManager().blockManagerId().host();
    BatchRunner runner = BatchRunner.start(spec,
        new BatchRunner.Plan(work.plan(), Checkpoint.open(spec, false)));
    BatchRunner.Outcome outcome;
    try (FeedReporter feed = FeedReporter.connect(feedAddress, feedToken, task.partitionId(),
        task.attemptNumber(), executor, host)) {
      while ((outcome = runner.await(REPORT_EVERY)) == null) {
        feed.report(runner.progress());
        if (task.isInterrupted()) {
          break;
        }
      }
      if (outcome != null) {
        feed.report(outcome.progress());
      }
    } catch (InterruptedException e) {
      outcome = null;
    }
    if (outcome == null) {
      runner.cancel();
      task.killTaskIfInterrupted();
      throw new IllegalStateException("task of partition " + task.partitionId()
          + " interrupted; its trials run again in another attempt or on resume");
    }
    RecordCodec codec = RecordCodec.of(spec.configs());
    byte[][] lines = new byte[trials.length][];
    for (int i = 0; i < trials.length; i++) {
      TrialRecord r = outcome.latest().get(work.plan()[i]);
      if (r != null && r.status().isFinished()) {
        lines[i] = encode(codec, r);
      }
    }
    return new PartitionResult(task.partitionId(), task.attemptNumber(), executor, host, trials,
        lines);
  }

  /** The log line; an output the log cannot hold fails the trial here, as the local sink does. */
  private static byte[] encode(RecordCodec codec, TrialRecord r) {
    try {
      return codec.encode(r);
    } catch (UnserializableOutputException e) {
      return codec.encode(e.failedTrial(r));
    }
  }
}
