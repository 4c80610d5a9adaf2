package io.github.trialbook.engine;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.RetryAfterBeyondTimeoutException;
import io.github.trialbook.batch.RetryAfterException;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.StageTimeoutException;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.BatchEvent;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pulls trials from the shared queue and runs their stages in order until the queue is empty, the
 * batch is cancelled, or the monitor abandons it.
 *
 * <p>Per trial the hot path allocates the trial's arrays and its record, and touches shared state
 * only through the queue cursor, a few striped counters, one CAS per stage attempt (see
 * {@link WorkerSlot}) and the sink hand-off. An interrupt means one of two things: the batch was
 * cancelled (the flag is set first) or the monitor timed the attempt out (the CAS says so); any
 * other interrupt belongs to the stage's own code and is treated as its failure.
 */
final class Worker<I> implements Runnable {
  private static final int NEXT = 0;
  private static final int ENDED_EARLY = 1;
  private static final int FAILED = 2;
  private static final int CANCELLED = 3;
  private static final int ABANDONED = 4;

  private final Execution<I> ex;
  private final int id;
  private WorkerSlot slot;
  private final WorkerContext<I> ctx;
  private final Counters.Tally tally;
  private Throwable failure;
  private long seq;
  /** The last clock reading: the end of one stage is the start of the next (clock reads cost). */
  private long now;
  private long seqEnd;

  Worker(Execution<I> ex, int id) {
    this.ex = ex;
    this.id = id;
    this.ctx = new WorkerContext<>(ex, id);
    this.tally = ex.counters.newTally();
  }

  private long nextSeq() {
    if (seq == seqEnd) {
      seq = ex.seq.getAndAdd(Execution.SEQ_BLOCK);
      seqEnd = seq + Execution.SEQ_BLOCK;
    }
    return seq++;
  }

  void attach(WorkerSlot slot) {
    this.slot = slot;
  }

  @Override
  public void run() {
    try {
      while (!ex.cancelled && !ex.budgetReached()) {
        if (ex.memoryPaused && !awaitMemory()) {
          break;
        }
        if (id >= ex.activeWorkers && !awaitTurn()) {
          break;
        }
        int trial = ex.queue.next();
        if (trial < 0) {
          break;
        }
        if (ex.stopReasons != null) {
          String why = ex.stopReasons.get(ex.spec.configIndexOf(trial));
          if (why != null) {
            recordStopped(trial, why);
            continue;
          }
        }
        if (!runTrial(trial)) {
          return; // abandoned: the monitor recorded the trial and replaced this worker
        }
      }
    } finally {
      if (slot.pendingTimeout.get() != WorkerSlot.ABANDONED) {
        Monitor.workerExited(ex);
      }
    }
  }

  /**
   * Waits while auto parallelism has fewer workers active than this one's id; false when the
   * batch was cancelled or nothing is left to take.
   */
  private boolean awaitTurn() {
    synchronized (ex.workersGate) {
      while (id >= ex.activeWorkers) {
        if (ex.cancelled || ex.queue.untaken() == 0) {
          return false;
        }
        try {
          ex.workersGate.wait(100);
        } catch (InterruptedException e) {
          return false; // a cancel interrupts every worker
        }
      }
    }
    return true;
  }

  /** Waits while the heap is too full (see {@link MemoryAdmission}); false if cancelled. */
  private boolean awaitMemory() {
    while (ex.memoryPaused) {
      if (ex.cancelled) {
        return false;
      }
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
    }
    return true;
  }

  /** Records a trial of a config stopped early: not run, the reason as its error. */
  private void recordStopped(int trial, String why) {
    int stages = ex.functions.length;
    int c = ex.spec.configIndexOf(trial);
    TrialWork work = new TrialWork(trial, stages, ex.clock.nanoTime());
    work.markRest(0, StageStatus.NOT_RUN);
    tally.add(Counters.STAGES, stages);
    TrialRecord record = new TrialRecord(ex.configs[c].name(),
        ex.spec.inputIds().get(ex.spec.inputIndexOf(trial)), TrialStatus.STOPPED, id, nextSeq(),
        ex.epochMillisAt(work.startNanos), 0, ex.stageNames, work.outputs, work.nanos, work.info,
        TrialError.stopped(why, ex.stageNames.get(0)));
    Finisher.finish(ex, tally, trial, c, record);
  }

  /** Runs one trial; false if this worker was abandoned meanwhile. */
  private boolean runTrial(int trial) {
    int stages = ex.functions.length;
    int c = ex.spec.configIndexOf(trial);
    int in = ex.spec.inputIndexOf(trial);
    long t0 = ex.clock.nanoTime();
    now = t0;
    TrialWork work = new TrialWork(trial, stages, t0);
    String inputId = ex.spec.inputIds().get(in);
    ctx.begin(work, ex.configs[c], ex.spec.inputs().get(in), inputId);
    slot.beginTrial(work, ex.epochMillisAt(t0));
    if (ex.events != null) {
      ex.emit(new BatchEvent.TrialStarted(ex.name, ex.spec.keyOf(trial), id));
    }
    TrialStatus status = TrialStatus.OK;
    int s = 0;
    for (; s < stages; s++) {
      int result = runStage(work, s);
      if (result == NEXT) {
        tally.add(Counters.STAGES, 1);
        continue;
      }
      if (result == ABANDONED) {
        return false;
      }
      if (result == ENDED_EARLY) {
        tally.add(Counters.STAGES, 1 + work.markRest(s + 1, StageStatus.SKIPPED));
      } else if (result == CANCELLED) {
        status = TrialStatus.CANCELLED;
        work.markRest(s + 1, StageStatus.NOT_RUN);
      } else {
        status = failure instanceof StageTimeoutException ? TrialStatus.TIMEOUT : TrialStatus.FAILED;
        tally.add(Counters.STAGES, 1 + work.markRest(s + 1, StageStatus.NOT_RUN));
      }
      break;
    }
    TrialError error = null;
    if (status == TrialStatus.FAILED || status == TrialStatus.TIMEOUT) {
      error = errorOf(failure, s, work, ex.configs[c]);
    }
    failure = null;
    long latency = now - t0;
    TrialRecord record = new TrialRecord(ex.configs[c].name(), inputId, status, id,
        nextSeq(), slot.sinceMillis, latency, ex.stageNames, work.outputs,
        work.nanos, work.info, error);
    if (ex.cancelled && !slot.pendingTimeout.compareAndSet(0, WorkerSlot.FINISHING)) {
      return false; // cancel's grace ran out and the monitor took this trial
    }
    slot.endTrial();
    slot.busyNanos.lazySet(slot.busyNanos.get() + latency); // one writer: no fence needed
    Finisher.finish(ex, tally, trial, c, record);
    return true;
  }

  private TrialError errorOf(Throwable error, int stage, TrialWork work, Config config) {
    return TrialError.of(error, ex.stageNames.get(stage), work.info[stage] & 0xFFFFFF, config);
  }

  /** Runs stage {@code s} with its retries; returns NEXT, ENDED_EARLY, FAILED, CANCELLED or ABANDONED. */
  private int runStage(TrialWork work, int s) {
    Retry retry = ex.retries[s];
    Semaphore permit = ex.permits[s];
    long spent = 0;
    long firstStart = 0;
    for (int attempt = 1; ; attempt++) {
      if (ex.cancelled) {
        work.mark(s, StageStatus.CANCELLED, attempt - 1);
        work.nanos[s] = spent;
        return CANCELLED;
      }
      if (permit != null) {
        slot.waiting(s, attempt);
        try {
          permit.acquire();
        } catch (InterruptedException e) {
          attempt--;
          continue; // cancelled (checked above) or a stray interrupt: try again
        }
        now = ex.clock.nanoTime();
      }
      ctx.stage = s;
      ctx.attempt = attempt;
      long start = now;
      if (attempt == 1) {
        firstStart = start;
      }
      long stamp = slot.beginAttempt(s, attempt, start);
      Object out = null;
      Throwable error = null;
      try {
        out = ex.functions[s].run(ctx);
      } catch (Throwable e) {
        error = e;
      }
      boolean timedOut = !slot.endAttempt(stamp);
      now = ex.clock.nanoTime();
      spent += now - start;
      if (permit != null) {
        permit.release();
      }
      if (timedOut) {
        slot.absorbTimeoutInterrupt(stamp);
        if (!slot.reclaim(stamp)) {
          return ABANDONED;
        }
        error = new StageTimeoutException(ex.stageNames.get(s), ex.timeouts[s], false);
      }
      work.nanos[s] = spent;
      if (error == null) {
        work.mark(s, StageStatus.OK, attempt);
        if (out instanceof Stage.End end) {
          work.outputs[s] = end.output();
          return ENDED_EARLY;
        }
        work.outputs[s] = out;
        return NEXT;
      }
      if (ex.cancelled && !timedOut) {
        work.mark(s, StageStatus.CANCELLED, attempt);
        return CANCELLED;
      }
      boolean again = retry.shouldRetry(error, attempt);
      Duration delay = Duration.ZERO;
      Throwable failedWith = error;
      if (again) {
        delay = retry.delayAfter(attempt, error, ThreadLocalRandom.current().nextDouble());
        if (error instanceof RetryAfterException ra) {
          // the stage's timeout bounds a server's Retry-After: see BatchSpec.Builder#timeout
          long left = ex.timeoutNanos[s] - (now - firstStart);
          if (ra.retryAfter().toNanos() > left) {
            again = false;
            failedWith = new RetryAfterBeyondTimeoutException(ex.stageNames.get(s), ra,
                Duration.ofNanos(Math.max(0, left)), ex.timeouts[s]);
          } else if (delay.toNanos() > left) {
            delay = Duration.ofNanos(left);
          }
        }
      }
      if (ex.events != null) {
        ex.emit(new BatchEvent.AttemptFailed(ex.name, ex.spec.keyOf(work.trial),
            ex.stageNames.get(s), attempt, error, again));
      }
      if (!again) {
        work.mark(s, timedOut ? StageStatus.TIMEOUT : StageStatus.FAILED, attempt);
        failure = failedWith;
        noteFailure(work.trial, s, failedWith, attempt);
        return FAILED;
      }
      tally.add(Counters.RETRIES, 1);
      slot.waiting(s, attempt + 1);
      try {
        ex.clock.sleep(delay);
      } catch (InterruptedException e) {
        if (ex.cancelled) {
          work.mark(s, StageStatus.CANCELLED, attempt);
          return CANCELLED;
        }
      }
      now = ex.clock.nanoTime();
    }
  }

  private void noteFailure(int trial, int stage, Throwable error, int attempts) {
    TrialError e = TrialError.of(error, ex.stageNames.get(stage), attempts);
    ex.noteFailure(ex.spec.keyOf(trial), ex.stageNames.get(stage), e.summary(),
        ex.epochMillisAt(ex.clock.nanoTime()));
  }
}
