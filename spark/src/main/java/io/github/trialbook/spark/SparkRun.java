package io.github.trialbook.spark;

import io.github.trialbook.BatchEngine;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import io.github.trialbook.display.Note;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.store.Checkpoint;
import io.github.trialbook.store.TrialStore;
import io.github.trialbook.store.RecordCodec;
import io.github.trialbook.store.TrialSink;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rdd.RDD;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * One batch on Spark, seen from the driver, which stays the only writer of the checkpoint: the
 * plan's trials sliced into partitions, one Spark job over them, and each partition's records
 * taken from the job's result handler into the checkpoint sink, first complete record of a trial
 * only. Cancel cancels the job (its tasks are interrupted); what was recorded stays, the rest
 * runs on resume.
 */
final class SparkRun<I> implements BatchEngine.Run {
  private static final System.Logger LOG = System.getLogger("io.github.trialbook");

  private final SparkContext sc;
  private final BatchSpec<I> spec;
  private final Checkpoint checkpoint;
  private final TrialSink sink;
  private final SecretScrubber scrubber;
  private final TrialStore results;
  /** Trials recorded by this run: a later record of one (a repeated attempt) is dropped. */
  private final BitSet recorded = new BitSet();
  private final RunTally tally;
  private final List<int[]> slices;
  /** Per partition, the attempt whose records were taken; -1 until one is. */
  private final int[] winners;
  private final String jobGroup = "trialbook-" + UUID.randomUUID();
  private final ClusterWatch cluster = new ClusterWatch(jobGroup);
  private final StatusFeed feed;
  private final CompletableFuture<BatchRunner.Outcome> outcome = new CompletableFuture<>();
  private final long startNanos = System.nanoTime();
  private final long startMillis = System.currentTimeMillis();
  private final int resumed;
  private final int planned;
  private volatile SimpleFutureAction<BoxedUnit> job;
  private volatile boolean cancelled;
  private volatile String notice;
  private Throwable sinkFailure;
  private long nextSeq;
  private long droppedRepeats;

  SparkRun(SparkContext sc, BatchSpec<I> spec, BatchRunner.Plan plan, int partitionSize)
      throws IOException {
    this.sc = sc;
    this.spec = spec;
    this.checkpoint = plan.checkpoint();
    this.sink = checkpoint.sink();
    this.nextSeq = checkpoint.nextSeq();
    this.scrubber = Secrets.scrubber(spec.configs());
    this.results = checkpoint.previous();
    this.tally = new RunTally(spec);
    BitSet inPlan = new BitSet();
    Arrays.stream(plan.trials()).forEach(inPlan::set);
    int carried = 0;
    for (int t = 0; t < results.trials(); t++) {
      TrialStatus status = results.status(t);
      if (status != null && status.isFinished() && !inPlan.get(t)) {
        tally.carried(spec.configIndexOf(t), status);
        carried++;
      }
    }
    this.resumed = carried;
    this.planned = plan.trials().length;
    this.slices = Slices.of(plan.trials(), partitionSize, sc.defaultParallelism());
    this.winners = new int[slices.size()];
    Arrays.fill(winners, -1);
    this.feed = StatusFeed.open(sc.getConf().get("spark.driver.host", "localhost"), spec.name());
  }

  /** Ships the spec, submits the job and returns; a daemon thread waits for it and finishes. */
  void start(ShippedSpec<I> shipped) {
    if (slices.isEmpty()) {
      finish(null);
      return;
    }
    sc.addSparkListener(cluster);
    Broadcast<ShippedSpec<I>> broadcast = new JavaSparkContext(sc).broadcast(shipped);
    DaemonThreads.daemon(() -> runJob(broadcast), "trialbook-" + spec.name() + "-spark").start();
  }

  private void runJob(Broadcast<ShippedSpec<I>> broadcast) {
    Throwable failure = null;
    try {
      sc.setJobGroup(jobGroup, "trialbook batch " + spec.name(), true);
      RDD<int[]> rdd = new JavaSparkContext(sc).parallelize(slices, slices.size()).rdd();
      List<Object> partitions = new ArrayList<>();
      for (int p = 0; p < slices.size(); p++) {
        partitions.add(p);
      }
      job = sc.submitJob(rdd, new PartitionTask<>(broadcast, feed.address(), feed.token()),
          CollectionConverters.asScala(partitions).toSeq(), new Handler(),
          new AbstractFunction0<BoxedUnit>() {
            @Override
            public BoxedUnit apply() {
              return BoxedUnit.UNIT;
            }
          });
      if (cancelled) {
        job.cancel();
      }
      job.get();
    } catch (Throwable e) {
      failure = e;
    } finally {
      sc.clearJobGroup();
      sc.removeSparkListener(cluster);
      broadcast.destroy();
    }
    finish(failure);
  }

  /** Takes each partition's records, on the scheduler's thread; never throws. */
  private final class Handler extends AbstractFunction2<Object, PartitionResult, BoxedUnit> {
    @Override
    public BoxedUnit apply(Object partition, PartitionResult r) {
      try {
        take(r);
      } catch (RuntimeException | Error e) {
        noteSinkFailure(e);
      }
      return BoxedUnit.UNIT;
    }
  }

  private synchronized void take(PartitionResult r) {
    winners[r.partition()] = r.attempt();
    int worker = StatusFeed.executorNumber(r.executorId());
    for (int i = 0; i < r.trials().length; i++) {
      int trial = r.trials()[i];
      if (r.lines()[i] == null) {
        continue;
      }
      if (recorded.get(trial)) {
        droppedRepeats++;
        continue;
      }
      TrialRecord made = scrubber.scrub(RecordCodec.decode(r.lines()[i]));
      TrialRecord record = renumbered(made, worker, nextSeq++);
      results.put(trial, record); // held until the log has it
      if (sinkFailure == null) {
        try {
          sink.append(trial, record);
        } catch (RuntimeException e) {
          noteSinkFailure(e);
        }
      }
      recorded.set(trial);
      tally.recorded(spec.configIndexOf(trial), record);
    }
  }

  private synchronized void noteSinkFailure(Throwable e) {
    if (sinkFailure == null) {
      sinkFailure = e;
      LOG.log(Level.ERROR, "batch " + spec.name() + ": the checkpoint stopped working; results "
          + "from now on are kept in memory only", e);
    }
  }

  /** The record in this run's numbering: the driver's sequence, the executor as the worker. */
  private static TrialRecord renumbered(TrialRecord r, int worker, long seq) {
    int n = r.stageCount();
    Object[] outputs = new Object[n];
    long[] nanos = new long[n];
    int[] info = new int[n];
    for (int s = 0; s < n; s++) {
      outputs[s] = r.output(s);
      nanos[s] = r.stageNanos(s);
      info[s] = TrialRecord.packStage(r.stageStatus(s), r.stageAttempts(s));
    }
    return new TrialRecord(r.config(), r.inputId(), r.status(), worker, seq, r.startedAtMillis(),
        r.latencyNanos(), r.stageNames(), outputs, nanos, info, r.error());
  }

  private void finish(Throwable failure) {
    boolean wasCancelled = cancelled || failure != null;
    if (failure != null && !cancelled) {
      String why = scrubber.describe(failure);
      int nl = why.indexOf('\n');
      notice = "the Spark job failed, so the batch ended early: "
          + (nl < 0 ? why : why.substring(0, nl)) + "; what finished is recorded, "
          + "runBatch again resumes the rest";
    }
    Throwable checkpointError;
    synchronized (this) {
      checkpointError = sinkFailure;
    }
    try {
      sink.close();
    } catch (RuntimeException e) {
      checkpointError = checkpointError == null ? e : checkpointError;
    }
    feed.close();
    ProgressSnapshot last = snapshot(wasCancelled ? ProgressSnapshot.State.CANCELLED
        : ProgressSnapshot.State.FINISHED);
    BatchRunner.Outcome o = new BatchRunner.Outcome(results, last, startMillis,
        System.currentTimeMillis(), wasCancelled, List.of(), checkpointError);
    try {
      checkpoint.finish(wasCancelled, results, last.panels());
    } catch (RuntimeException e) {
      LOG.log(Level.ERROR, "batch " + spec.name() + ": finishing the checkpoint failed", e);
      o = new BatchRunner.Outcome(o.latest(), last, o.startedAtMillis(), o.finishedAtMillis(),
          wasCancelled, List.of(), checkpointError == null ? e : checkpointError);
    }
    outcome.complete(o);
  }

  @Override
  public ProgressSnapshot progress() {
    if (outcome.isDone()) {
      return outcome.join().progress();
    }
    return snapshot(cancelled ? ProgressSnapshot.State.CANCELLED
        : ProgressSnapshot.State.RUNNING);
  }

  private ProgressSnapshot snapshot(ProgressSnapshot.State state) {
    int stages = spec.stageNames().size();
    long total = results.trials();
    long done = tally.done();
    List<RunningTask> running = new ArrayList<>();
    long reexecuted = 0;
    synchronized (this) {
      for (StatusFeed.Attempt a : feed.attempts()) {
        int winner = winners[a.partition];
        if (!a.ended && winner < 0) {
          running.addAll(a.running);
        } else if (a.ended && winner >= 0 && winner != a.attempt) {
          reexecuted += a.done + a.runningAtEnd;
        }
      }
    }
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    List<Object> panels = new ArrayList<>();
    for (Supplier<?> panel : spec.panels()) {
      try {
        Object value = panel.get();
        if (value != null) {
          panels.add(value);
        }
      } catch (RuntimeException e) {
        // a broken panel is left out of this snapshot; the batch does not notice
      }
    }
    panels.add(new Note(sparkStatus(reexecuted)));
    return new ProgressSnapshot(spec.name(), state, total, done, tally.of(TrialStatus.OK),
        tally.of(TrialStatus.FAILED), tally.of(TrialStatus.TIMEOUT), 0, resumed, total * stages,
        done * stages, tally.retries(), 0,
        running, running.size(), tally.perConfig(), tally.failures(),
        seconds <= 0 ? Double.NaN : tally.recorded() / seconds,
        Duration.ofNanos(System.nanoTime() - startNanos), System.currentTimeMillis(), panels,
        tally.of(TrialStatus.STOPPED), null, notice,
        null, null); // worker utilisation and auto parallelism are the local engine's
  }

  /** The Spark line under the progress: partitions, executors, losses and repeated work. */
  private String sparkStatus(long reexecuted) {
    int taken = 0;
    synchronized (this) {
      for (int w : winners) {
        taken += w >= 0 ? 1 : 0;
      }
    }
    int executors = Math.max(1, sc.statusTracker().getExecutorInfos().length - (sc.isLocal() ? 0
        : 1));
    StringBuilder b = new StringBuilder("spark " + sc.master() + ": " + executors
        + " executor(s), partitions " + taken + "/" + slices.size() + " recorded");
    int unsuccessful = cluster.unsuccessfulAttempts();
    if (unsuccessful > 0 || reexecuted > 0) {
      b.append("; ").append(unsuccessful).append(" task attempt(s) lost or failed, ")
          .append(reexecuted).append(" trial(s) re-executed (recorded once)");
    }
    long dropped;
    synchronized (this) {
      dropped = droppedRepeats;
    }
    if (dropped > 0) {
      b.append("; ").append(dropped).append(" repeated record(s) dropped");
    }
    for (String lost : cluster.lostExecutors()) {
      b.append("\n").append(lost);
    }
    return b.toString();
  }

  /** Trials recorded by this run; with {@link #reexecuted()}, what the Spark tests count. */
  long recordedTrials() {
    return tally.recorded();
  }

  /** Trials whose stages ran in an attempt whose records were not taken (lost, killed, late). */
  long reexecuted() {
    long n = 0;
    synchronized (this) {
      for (StatusFeed.Attempt a : feed.attempts()) {
        int winner = winners[a.partition];
        if (a.ended && winner >= 0 && winner != a.attempt) {
          n += a.done + a.runningAtEnd;
        }
      }
    }
    return n;
  }

  int unsuccessfulAttempts() {
    return cluster.unsuccessfulAttempts();
  }

  int plannedTrials() {
    return planned;
  }

  @Override
  public void cancel() {
    cancelled = true;
    SimpleFutureAction<BoxedUnit> j = job;
    if (j != null) {
      j.cancel();
    }
    sc.cancelJobGroup(jobGroup);
  }

  @Override
  public boolean isDone() {
    return outcome.isDone();
  }

  @Override
  public BatchRunner.Outcome await(Duration timeout) throws InterruptedException {
    try {
      return outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return null;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause()); // finish() never completes it so
    }
  }

  @Override
  public void whenDone(Consumer<BatchRunner.Outcome> action) {
    outcome.thenAccept(action);
  }
}
