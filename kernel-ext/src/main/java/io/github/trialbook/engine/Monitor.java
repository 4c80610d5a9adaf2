package io.github.trialbook.engine;

import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.internal.ReusableThreads;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.StageTimeoutException;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.internal.Loggers;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The one housekeeping thread of a batch. Every tick it times out stage attempts that ran too
 * long, abandons workers that ignore the interrupt (replacing them so parallelism stays N),
 * samples the rate and hands a snapshot to the listeners; when the workers are gone (or cancel's
 * grace has run out) it flushes the checkpoint, delivers the last events and completes the
 * outcome. No worker waits for it and it never runs user code, so a slow listener or a hung stage
 * cannot stop it.
 */
final class Monitor implements Runnable {
  private final Execution<?> ex;
  private final long tickNanos;
  private final long progressNanos;
  private final long abandonNanos;
  private final long graceNanos;
  private final Thread thread;
  private final List<Worker<?>> workers;
  private final Counters.Tally tally;
  private final MemoryAdmission memory;
  /** Null for a fixed worker count. */
  private final AutoParallelism auto;

  Monitor(Execution<?> ex, List<Worker<?>> workers) {
    this.ex = ex;
    this.workers = workers;
    this.tally = ex.counters.newTally();
    long minTimeout = Long.MAX_VALUE;
    for (long t : ex.timeoutNanos) {
      minTimeout = Math.min(minTimeout, t);
    }
    this.progressNanos = ex.spec.progressInterval().toNanos();
    this.tickNanos = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
        Math.min(Math.min(progressNanos, TimeUnit.MILLISECONDS.toNanos(100)), minTimeout / 10));
    this.abandonNanos = ex.spec.abandonAfter().toNanos();
    this.graceNanos = ex.spec.cancelGrace().toNanos();
    this.thread = DaemonThreads.daemon(this, "trialbook-" + ex.name + "-monitor");
    this.memory = new MemoryAdmission(ex);
    this.auto = ex.spec.parallelismPolicy().adaptive() ? new AutoParallelism(ex) : null;
  }

  Thread thread() {
    return thread;
  }

  void wake() {
    LockSupport.unpark(thread);
  }

  static void workerExited(Execution<?> ex) {
    if (ex.liveWorkers.decrementAndGet() == 0) {
      Monitor monitor = ex.monitor;
      if (monitor != null) {
        monitor.wake();
      }
    }
  }

  @Override
  public void run() {
    try {
      loop();
    } catch (RuntimeException | Error e) {
      Loggers.trialbook().log(Level.ERROR, "batch " + ex.name + ": monitor failed; cancelling the batch", e);
      ex.cancelled = true;
    } finally {
      finish();
    }
  }

  private void loop() {
    long lastProgress = 0;
    boolean cancelling = false;
    while (true) {
      long now = ex.clock.nanoTime();
      if (ex.liveWorkers.get() == 0) {
        break;
      }
      if (ex.cancelled) {
        if (!cancelling) {
          cancelling = true;
        } else if (now - ex.cancelledAtNanos > graceNanos) {
          abandonAll();
          break;
        }
      }
      checkTimeouts(now);
      memory.tick(now, ex.runningTrials());
      if (auto != null) {
        auto.tick(now);
        if (ex.queue.untaken() == 0) {
          ex.releaseWaitingWorkers(); // waiting workers see the empty queue and end
        }
      }
      ex.rate.sample(now, ex.counters.finished() - ex.resumed);
      if (now - lastProgress >= progressNanos) {
        lastProgress = now;
        advanceBoard(false);
        if (ex.events != null) {
          ex.events.progress(ex.snapshot(ProgressSnapshot.State.RUNNING));
        }
      }
      LockSupport.parkNanos(tickNanos);
    }
  }

  /** Feeds the live metrics what finished and applies the early stops they decide. */
  private void advanceBoard(boolean finished) {
    if (ex.board == null) {
      return;
    }
    ex.board.advance(finished, (c, why) -> {
      ex.stopReasons.set(c, why);
      Loggers.trialbook().log(Level.INFO, "batch {0}: config {1} {2}", ex.name, ex.configs[c].name(), why);
    });
  }

  private void checkTimeouts(long now) {
    for (int i = 0; i < ex.slots.length(); i++) {
      WorkerSlot slot = ex.slots.get(i);
      long stamp = slot.stamp.get();
      if ((stamp & 1) == 0) {
        int stage = slot.stage;
        if (now - slot.attemptStartNanos > ex.timeoutNanos[stage]
            && slot.stamp.compareAndSet(stamp, stamp + 1)) {
          slot.timedOutAtNanos = now;
          slot.pendingTimeout.set(stamp);
          slot.carrier.interrupt();
          slot.interruptSent = stamp;
        }
      }
      long pending = slot.pendingTimeout.get();
      if (pending > 0 && now - slot.timedOutAtNanos > abandonNanos
          && slot.pendingTimeout.compareAndSet(pending, WorkerSlot.ABANDONED)) {
        abandon(slot, StageStatus.TIMEOUT);
      }
    }
  }

  /** Takes over the slot's trial, records it, and starts a fresh worker in the slot. */
  private void abandon(WorkerSlot slot, StageStatus how) {
    TrialWork work = slot.work;
    synchronized (ex.abandoned) {
      ex.abandoned.add(slot.carrier);
    }
    Loggers.trialbook().log(Level.WARNING, "batch {0}: worker {1} ignored its interrupt in stage {2}; "
        + "abandoning thread {3}", ex.name, slot.id, ex.stageNames.get(slot.stage),
        slot.carrier.name());
    if (work != null) {
      recordAbandoned(slot, work, how);
    }
    if (how == StageStatus.TIMEOUT && !ex.cancelled) {
      BatchRunner.startWorker(ex, slot.id, workers);
    } else {
      workerExited(ex);
    }
  }

  private void recordAbandoned(WorkerSlot slot, TrialWork work, StageStatus how) {
    int s = Math.min(slot.stage, ex.stageNames.size() - 1);
    int c = ex.spec.configIndexOf(work.trial);
    work.mark(s, how, Math.max(1, slot.attempt));
    work.nanos[s] = ex.clock.nanoTime() - slot.attemptStartNanos;
    work.markRest(s + 1, StageStatus.NOT_RUN);
    TrialStatus status = how == StageStatus.TIMEOUT ? TrialStatus.TIMEOUT : TrialStatus.CANCELLED;
    TrialError error = null;
    if (status == TrialStatus.TIMEOUT) {
      error = TrialError.of(new StageTimeoutException(ex.stageNames.get(s), ex.timeouts[s], true),
          ex.stageNames.get(s), Math.max(1, slot.attempt));
      tally.add(Counters.STAGES, ex.stageNames.size() - s);
      ex.noteFailure(ex.spec.keyOf(work.trial), ex.stageNames.get(s), error.summary(),
          ex.epochMillisAt(ex.clock.nanoTime()));
    }
    TrialRecord record = new TrialRecord(ex.configs[c].name(),
        ex.spec.inputIds().get(ex.spec.inputIndexOf(work.trial)), status, slot.id,
        ex.seq.getAndIncrement(), slot.sinceMillis, ex.clock.nanoTime() - work.startNanos,
        ex.stageNames, work.outputs, work.nanos, work.info, error);
    Finisher.finish(ex, tally, work.trial, c, record);
  }

  /** Cancel's grace ran out: trials still running are recorded as cancelled, their threads left. */
  private void abandonAll() {
    for (int i = 0; i < ex.slots.length(); i++) {
      WorkerSlot slot = ex.slots.get(i);
      if (slot.carrier.isRunning()) {
        long pending = slot.pendingTimeout.get();
        if (pending >= 0
            && slot.pendingTimeout.compareAndSet(pending, WorkerSlot.ABANDONED)) {
          abandon(slot, StageStatus.CANCELLED);
        }
      }
    }
  }

  private void finish() {
    for (int i = 0; i < ex.slots.length(); i++) {
      ReusableThreads.Run worker = ex.slots.get(i).carrier;
      if (!isAbandoned(worker)) {
        joinQuietly(worker, 1000);
      }
    }
    Throwable sinkError = ex.sinkFailure.get();
    try {
      ex.sink.close();
    } catch (RuntimeException e) {
      sinkError = sinkError == null ? e : sinkError;
    }
    try {
      advanceBoard(true);
    } catch (RuntimeException e) {
      Loggers.trialbook().log(Level.ERROR, "batch " + ex.name + ": the final metrics failed", e);
    }
    boolean cancelled = ex.cancelled || ex.drainReason != null;
    ProgressSnapshot last = ex.snapshot(cancelled ? ProgressSnapshot.State.CANCELLED
        : ProgressSnapshot.State.FINISHED);
    if (ex.events != null) {
      ex.events.finish(new BatchEvent.BatchFinished(ex.name, last), last,
          Math.max(1000, ex.spec.cancelGrace().toMillis()));
    }
    List<String> abandonedNames = new ArrayList<>();
    synchronized (ex.abandoned) {
      ex.abandoned.forEach(w -> abandonedNames.add(w.name()));
    }
    BatchRunner.Outcome outcome = new BatchRunner.Outcome(ex.results, last,
        ex.startMillis, ex.epochMillisAt(ex.clock.nanoTime()), cancelled, abandonedNames,
        sinkError);
    try {
      ex.checkpoint.finish(outcome.cancelled(), ex.results, last.panels());
    } catch (RuntimeException e) {
      Loggers.trialbook().log(Level.ERROR, "batch " + ex.name + ": finishing the checkpoint failed", e);
      outcome = new BatchRunner.Outcome(outcome.latest(), last, outcome.startedAtMillis(),
          outcome.finishedAtMillis(), outcome.cancelled(), abandonedNames,
          sinkError == null ? e : sinkError);
    }
    ex.outcome.complete(outcome);
  }

  private boolean isAbandoned(ReusableThreads.Run worker) {
    synchronized (ex.abandoned) {
      return ex.abandoned.contains(worker);
    }
  }

  private static void joinQuietly(ReusableThreads.Run worker, long millis) {
    try {
      worker.join(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
