package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.OnFinish;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.internal.Loggers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Runs a spec's {@link BatchSpec#onFinish() onFinish} callbacks once, in order, on their own
 * non-daemon thread {@code trialbook-<batch>-on-finish}, and keeps a note for each one that threw
 * (its error logged and noted with the spec's secrets masked). {@link BatchResult#notes()} shows
 * those notes; {@link #await} waits for the callbacks.
 */
final class FinishCallbacks {
  private static final FinishCallbacks NONE = new FinishCallbacks("none", List.of(),
      SecretScrubber.none());

  private final String batch;
  private final List<OnFinish<?>> callbacks;
  private final SecretScrubber scrubber;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch done;
  private final List<String> notes = new CopyOnWriteArrayList<>();

  private FinishCallbacks(String batch, List<OnFinish<?>> callbacks, SecretScrubber scrubber) {
    this.batch = batch;
    this.callbacks = List.copyOf(callbacks);
    this.scrubber = scrubber;
    this.done = new CountDownLatch(this.callbacks.isEmpty() ? 0 : 1);
  }

  static FinishCallbacks of(BatchSpec<?> spec) {
    return spec.onFinish().isEmpty() ? NONE
        : new FinishCallbacks(spec.name(), spec.onFinish(), Secrets.scrubber(spec.configs()));
  }

  /** No callbacks (a stored run's result). */
  static FinishCallbacks none() {
    return NONE;
  }

  /**
   * Starts the callbacks with {@code result} (asked for on their thread); later calls do nothing.
   * Returns at once.
   */
  void start(Supplier<BatchResult> result) {
    if (callbacks.isEmpty() || !started.compareAndSet(false, true)) {
      return;
    }
    Thread thread = DaemonThreads.nonDaemon(() -> run(result), "trialbook-" + batch
        + "-on-finish");
    try {
      thread.start();
    } catch (RuntimeException | Error e) { // no thread to be had: nothing ran, say so
      notes.add("onFinish callbacks did not run: their thread could not start (" + e + ")");
      Loggers.trialbook().log(Level.ERROR, "batch " + batch + ": the on-finish thread could not start", e);
      done.countDown();
    }
  }

  private void run(Supplier<BatchResult> result) {
    try {
      BatchResult r = result.get();
      for (int i = 0; i < callbacks.size(); i++) {
        call(i, r);
      }
    } catch (RuntimeException | Error e) {
      notes.add("onFinish callbacks did not run: " + firstLine(scrubber.describe(e)));
      Loggers.trialbook().log(Level.ERROR, "batch " + batch + ": onFinish callbacks did not run: "
          + scrubber.describe(e));
    } finally {
      done.countDown();
    }
  }

  @SuppressWarnings("unchecked")
  private void call(int i, BatchResult r) {
    OnFinish<Object> callback = (OnFinish<Object>) callbacks.get(i);
    try {
      callback.accept(r);
    } catch (InterruptedException e) {
      Thread.interrupted(); // the next callback starts clean
      fail(i, e);
    } catch (Exception | Error e) { // the later callbacks still run
      fail(i, e);
    }
  }

  private void fail(int i, Throwable e) {
    String which = "onFinish callback " + (i + 1) + " of " + callbacks.size();
    String hint = e instanceof ClassCastException
        ? "; declare the callback's parameter as BatchResult" : "";
    // its message may hold what the batch saw (a config's key): noted and logged scrubbed
    notes.add(which + " threw: " + firstLine(scrubber.describe(e)) + hint);
    Loggers.trialbook().log(Level.WARNING, "batch " + batch + ": " + which + " threw; ignored: "
        + scrubber.describe(e));
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Notes of the callbacks that threw so far, in order. */
  List<String> notes() {
    return List.copyOf(notes);
  }

  /** True once every callback has returned or thrown (at once when there are none). */
  boolean isDone() {
    return done.getCount() == 0;
  }

  /**
   * Waits at most {@code timeout} for the callbacks; true when they are done. Before the batch
   * ends they have not started, so this waits for the batch too. An interrupt ends the wait
   * (false) and stays set.
   */
  boolean await(Duration timeout) {
    try {
      return done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

}
