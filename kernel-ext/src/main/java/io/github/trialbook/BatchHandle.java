package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.FileLink;
import io.github.trialbook.display.Note;
import io.github.trialbook.display.ProgressPanel;
import io.github.trialbook.display.ProgressView;
import io.github.trialbook.engine.BatchRunner;
import tech.tablesaw.api.Table;
import io.github.trialbook.jupyter.Kernels;
import io.github.trialbook.render.Renderable;
import io.github.trialbook.internal.Loggers;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A batch started with {@link Trialbook#startBatch}: look at it with {@link #progress()} or
 * {@link #watch()}, stop it with {@link #cancel()}, and collect it with {@link #await()}. As a
 * cell's value it shows the progress at that moment, drawn like the live view. Thread-safe.
 *
 * <pre>{@code
 * BatchHandle h = Trialbook.startBatch(spec);
 * h;                                   // in a later cell: where the batch is now
 * BatchResult r = h.watch();           // the live view in this cell until the batch ends
 * }</pre>
 */
public final class BatchHandle implements Renderable {
  /** A cell value, like a live-view update, stays within this many bytes. */
  private static final int MAX_RENDERED_BYTES = 16 * 1024;
  private final BatchSpec<?> spec;
  private final BatchEngine.Run runner;
  private final List<String> notes;
  private final Function<BatchRunner.Outcome, BatchResult> toResult;
  private final FinishCallbacks onFinish;
  private volatile BatchResult result;

  /**
   * @param notes what the run's opening reported; the final picture shows them
   * @param onFinish the spec's callbacks, started by the launcher when the batch ends
   */
  BatchHandle(BatchSpec<?> spec, BatchEngine.Run runner, List<String> notes,
      Function<BatchRunner.Outcome, BatchResult> toResult, FinishCallbacks onFinish) {
    this.spec = spec;
    this.runner = runner;
    this.notes = List.copyOf(notes);
    this.toResult = toResult;
    this.onFinish = onFinish;
  }

  public ProgressSnapshot progress() {
    return runner.progress();
  }

  /**
   * The live metrics now, one row per config (see {@link MetricsTable}); callable from any
   * thread while the batch runs, e.g. from another cell for a background batch.
   *
   * @throws IllegalStateException if the spec has no {@code evaluate(...)}
   */
  public Table metrics() {
    return BatchResult.metricsOf(spec.name(), runner.progress());
  }

  /** Stops taking trials and interrupts running stages; finished trials are kept. Idempotent. */
  public void cancel() {
    runner.cancel();
  }

  public boolean isDone() {
    return runner.isDone();
  }

  public BatchSpec<?> spec() {
    return spec;
  }

  /**
   * Waits for the batch. If the waiting thread is interrupted (a notebook's interrupt button),
   * the batch is cancelled and the cancelled result is returned: the interrupt is consumed as the
   * request to stop, so the next cell starts clean.
   */
  public BatchResult await() {
    return awaitShowing(null);
  }

  /**
   * Shows the live view in the current cell until the batch ends, then returns its result, as
   * {@link Trialbook#runBatch} would. An interrupt (the notebook's stop button) stops the
   * watching, not the batch: the last picture says the batch goes on in the background, and this
   * returns null. {@link #cancel()} stops the batch; {@code watch()} again shows it again.
   * (Kernels drop display updates after a cell ends, so a background batch is watched from a
   * cell that waits.)
   */
  public BatchResult watch() {
    return watch(Kernels.viewOrConsole(spec.consoleProgress()));
  }

  BatchResult watch(ProgressView view) {
    return awaitShowing(view, true);
  }

  private BatchResult detach(ProgressView view) {
    finish(view, runner.progress().withPanel("watching stopped; the batch goes on in the "
        + "background: watch() shows it again, cancel() stops it"));
    return null;
  }

  private static void finish(ProgressView view, ProgressSnapshot last) {
    if (view != null) {
      try {
        view.finish(last);
      } catch (RuntimeException e) {
        Loggers.trialbook().log(Level.WARNING, "progress view failed; ignored", e);
      }
    }
  }

  /**
   * Waits for the batch, as {@link #await()} does (an interrupt cancels it), then for the spec's
   * {@code onFinish} callbacks, and returns the result they got, its notes complete. Use it when
   * the callbacks must be done before going on, e.g. before {@code System.exit}.
   *
   * <pre>{@code
   * BatchResult r = Trialbook.startBatch(spec).awaitOnFinish();   // report written
   * }</pre>
   */
  public BatchResult awaitOnFinish() {
    return await().awaitOnFinish();
  }

  /** True once the batch has ended and its {@code onFinish} callbacks have all run. */
  public boolean isOnFinishDone() {
    return runner.isDone() && onFinish.isDone();
  }

  /** Waits at most {@code timeout}; null if the batch is still running. */
  public BatchResult await(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    try {
      BatchRunner.Outcome outcome = runner.await(timeout);
      return outcome == null ? null : resultOf(outcome);
    } catch (InterruptedException e) {
      runner.cancel();
      return awaitShowing(null);
    }
  }

  /**
   * Waits for the batch while driving {@code view} from this thread (one update per progress
   * interval, then one finish). An interrupt, or a JShell stop, cancels the batch; the view then
   * shows the cancelled state and the cancelled result is returned.
   */
  BatchResult awaitShowing(ProgressView view) {
    return awaitShowing(view, false);
  }

  /** As above; with {@code detachOnStop} an interrupt ends the watching instead (null). */
  private BatchResult awaitShowing(ProgressView view, boolean detachOnStop) {
    ProgressView live = view;
    while (true) {
      BatchRunner.Outcome outcome = null;
      boolean stopped = false;
      try {
        outcome = runner.await(spec.progressInterval());
      } catch (InterruptedException e) {
        stopped = true;
      } catch (RuntimeException | Error e) {
        if (runner.isDone()) {
          throw e;
        }
        stopped = true; // ThreadDeath from a JShell stop: the same as an interrupt
        if (!detachOnStop) {
          Loggers.trialbook().log(Level.INFO, "batch " + spec.name() + " cancelled by " + e);
        }
      }
      if (stopped) {
        if (detachOnStop) {
          return detach(live);
        }
        runner.cancel(); // and wait for the cancelled outcome
      } else if (outcome != null) {
        BatchResult r = resultOf(outcome);
        finish(live, withReport(r, withNotes(outcome.progress())));
        return r;
      } else if (live != null) {
        live = update(live, runner.progress());
      }
    }
  }

  /** The final picture, with the notes under it (a deleted log must not go unnoticed). */
  private ProgressSnapshot withNotes(ProgressSnapshot last) {
    ProgressSnapshot out = last;
    for (String note : notes) {
      out = out.withPanel(new Note(note));
    }
    return out;
  }

  /** Writes the spec's report, if it asks for one, and names it under the final picture. */
  private ProgressSnapshot withReport(BatchResult r, ProgressSnapshot last) {
    if (spec.reportFile().isEmpty()) {
      return last;
    }
    Path file = spec.reportFile().get();
    try {
      r.report().writeHtml(file);
      return last.withPanel(new FileLink("report", file));
    } catch (IOException | RuntimeException e) {
      Loggers.trialbook().log(Level.WARNING, "batch " + spec.name() + ": the report was not written", e);
      return last.withPanel(new Note("the report was not written to " + file + ": " + e));
    }
  }

  private static ProgressView update(ProgressView view, ProgressSnapshot snapshot) {
    try {
      view.update(snapshot);
      return view;
    } catch (RuntimeException e) {
      Loggers.trialbook().log(Level.WARNING, "progress view failed; the batch goes on without it", e);
      return null;
    }
  }

  /** The progress now, as one consistent picture in text and HTML. */
  @Override
  public Map<String, String> mimeBundle() {
    return ProgressPanel.defaults().renderWithin(progress(), MAX_RENDERED_BYTES);
  }

  @Override
  public String toText() {
    return mimeBundle().get("text/plain");
  }

  @Override
  public String toHtml() {
    return mimeBundle().get("text/html");
  }

  /** The one result of this batch (what await returns and the callbacks get). */
  synchronized BatchResult resultOf(BatchRunner.Outcome outcome) {
    if (result == null) {
      result = toResult.apply(outcome);
    }
    return result;
  }

}
