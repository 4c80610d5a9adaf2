package io.github.trialbook.engine;

import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.BatchListener;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.internal.Loggers;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Delivers events and snapshots to listeners on its own thread, so listeners never run on a
 * worker. Workers {@link #offer} without blocking: when the buffer is full the event is dropped
 * and counted. Snapshots are coalesced to the latest. A listener that throws is logged and
 * otherwise ignored.
 */
final class EventDispatcher implements Runnable {
  static final int CAPACITY = 1 << 16;

  private final SecretScrubber scrubber;
  private final List<BatchListener> listeners;
  private final LongAdder dropped;
  private final BlockingQueue<BatchEvent> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicReference<ProgressSnapshot> latest = new AtomicReference<>();
  private final Thread thread;
  private volatile boolean finishing;
  private volatile long drainDeadline;
  private volatile BatchEvent.BatchFinished finished;

  EventDispatcher(List<BatchListener> listeners, LongAdder dropped, String batch,
      SecretScrubber scrubber) {
    this.scrubber = scrubber;
    this.listeners = listeners;
    this.dropped = dropped;
    this.thread = DaemonThreads.daemon(this, "trialbook-" + batch + "-events");
  }

  void start() {
    thread.start();
  }

  Thread thread() {
    return thread;
  }

  void offer(BatchEvent event) {
    if (!queue.offer(event)) {
      dropped.increment();
    }
  }

  void progress(ProgressSnapshot snapshot) {
    latest.set(snapshot);
  }

  /** Drains what is queued (for at most {@code maxMillis}), then delivers the last events. */
  void finish(BatchEvent.BatchFinished event, ProgressSnapshot last, long maxMillis) {
    latest.set(last);
    finished = event;
    drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(maxMillis);
    finishing = true;
    try {
      thread.join(maxMillis + 500);
      if (thread.isAlive()) {
        Loggers.trialbook().log(Level.WARNING, "a batch listener is still busy after {0} ms; leaving it", maxMillis);
        thread.interrupt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void run() {
    while (true) {
      BatchEvent event;
      try {
        event = queue.poll(20, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event != null) {
        deliver(event);
      }
      ProgressSnapshot snapshot = latest.getAndSet(null);
      if (snapshot != null) {
        for (BatchListener l : listeners) {
          safely(l, () -> l.onProgress(snapshot));
        }
      }
      if (finishing && (queue.isEmpty() || System.nanoTime() > drainDeadline)) {
        ProgressSnapshot last = latest.getAndSet(null);
        if (last != null) {
          for (BatchListener l : listeners) {
            safely(l, () -> l.onProgress(last));
          }
        }
        deliver(finished);
        return;
      }
    }
  }

  void deliver(BatchEvent event) {
    for (BatchListener l : listeners) {
      safely(l, () -> {
        if (event instanceof BatchEvent.TrialFinished e) {
          l.onTrialFinished(e);
        } else if (event instanceof BatchEvent.TrialStarted e) {
          l.onTrialStarted(e);
        } else if (event instanceof BatchEvent.AttemptFailed e) {
          l.onAttemptFailed(e);
        } else if (event instanceof BatchEvent.BatchStarted e) {
          l.onBatchStarted(e);
        } else if (event instanceof BatchEvent.BatchFinished e) {
          l.onBatchFinished(e);
        }
      });
    }
  }

  private void safely(BatchListener listener, Runnable call) {
    try {
      call.run();
    } catch (RuntimeException | LinkageError | AssertionError e) {
      // its message may echo what the listener saw (an attempt's error): logged scrubbed
      Loggers.trialbook().log(Level.WARNING, "batch listener " + listener + " threw; ignored: "
          + scrubber.describe(e));
    }
  }

}
