package io.github.trialbook;

import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.EarlyStop;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.eval.ResultsTable;
import io.github.trialbook.process.Orphans;
import io.github.trialbook.store.Checkpoint;
import io.github.trialbook.store.TrialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Starts a batch against its checkpoint ({@link Checkpoint}, the store's one entry point): opens
 * it, decides which trials to run (the unfinished ones, or a rerun's selection) and lets the
 * checkpoint write the final manifest when the engine is done. It also hands the spec's
 * {@code onFinish} callbacks their result ({@link FinishCallbacks}): when the engine's outcome
 * completes, or at once when the engine cannot start after the run directory was opened.
 */
final class BatchLauncher {
  private BatchLauncher() {}

  /** Resumes: runs every trial without a finished record. */
  static BatchHandle start(BatchSpec<?> spec) {
    return start(spec, null);
  }

  /**
   * Starts {@code spec}; with {@code selection} (a rerun) only the selected trials run, whatever
   * their earlier outcome, and every selection must match.
   */
  static BatchHandle start(BatchSpec<?> spec, List<Select> selection) {
    return start(spec, selection, BatchEngine.local());
  }

  /** As {@link #start(BatchSpec, List)}, the trials run by {@code engine}. */
  static BatchHandle start(BatchSpec<?> spec, List<Select> selection, BatchEngine engine) {
    List<String> selectionNotes = selection == null ? List.of() : Select.check(spec, selection);
    return launch(spec, selection != null, selection != null, selectionNotes,
        previous -> selection == null
        ? unfinished(previous, !spec.earlyStop().enabled()) : selected(spec, previous, selection),
        engine);
  }

  /**
   * Starts those of {@code trials} without a finished record (a pilot's sample), resuming; no
   * early stop applies to a sample.
   */
  static BatchHandle startUnfinished(BatchSpec<?> spec, int[] trials) {
    return launch(spec, false, true, List.of(), previous -> {
      int[] order = new int[trials.length];
      int n = 0;
      for (int t : trials) {
        if (previous.status(t) == null || !previous.status(t).isFinished()) {
          order[n++] = t;
        }
      }
      return Arrays.copyOf(order, n);
    }, BatchEngine.local());
  }

  /**
   * Opens the checkpoint ({@code rerun}: it must hold a run) and runs the trials {@code pick}
   * chooses; {@code exactly} (a rerun's selection, a pilot's sample): all of them, so no early
   * stop may leave any unrun.
   */
  private static BatchHandle launch(BatchSpec<?> spec, boolean rerun, boolean exactly,
      List<String> selectionNotes, Function<TrialStore, int[]> pick, BatchEngine engine) {
    boolean[] interrupted = {false};
    Checkpoint checkpoint = spec.runDir().isEmpty() ? Checkpoint.open(spec, rerun)
        : shielded(() -> Checkpoint.open(spec, rerun),
            "trialbook-" + spec.name() + "-open", interrupted);
    BatchEngine.Run runner;
    FinishCallbacks onFinish = FinishCallbacks.of(spec);
    List<String> notes = new ArrayList<>(checkpoint.notes());
    BatchSpec<?> launched = spec;
    try {
      if (checkpoint.dir().isPresent()) {
        // the lock is ours, so a recorded process still running was left by a killed session
        List<String> orphans = Orphans.end(checkpoint.dir().get());
        if (!orphans.isEmpty()) {
          notes.addAll(orphans);
          String panel = String.join("\n", orphans);
          launched = spec.toBuilder().panel(() -> panel).build();
        }
      }
      if (exactly && launched.earlyStop().enabled()) {
        launched = launched.toBuilder().earlyStop(EarlyStop.never()).build();
      }
      int[] order = pick.apply(checkpoint.previous());
      if (spec.order().isShuffled()) {
        order = spec.inQueueOrder(order); // natural order is trial order already
      }
      runner = engine.start(launched, new BatchRunner.Plan(order, checkpoint));
    } catch (RuntimeException | Error e) {
      checkpoint.close();
      List<String> opened = List.copyOf(notes);
      onFinish.start(() -> notStarted(spec, checkpoint, opened, e, onFinish));
      throw e;
    }
    if (interrupted[0]) {
      runner.cancel(); // the interrupt came while the run directory was being opened
    }
    notes.addAll(selectionNotes);
    Path dir = checkpoint.dir().orElse(null);
    BatchSpec<?> started = launched;
    BatchHandle handle = new BatchHandle(started, runner, notes,
        o -> new BatchResult(results(started, o, dir, notes), onFinish), onFinish);
    // the same result await() gives, made on the on-finish thread: the monitor only starts it
    runner.whenDone(o -> onFinish.start(() -> handle.resultOf(o)));
    return handle;
  }

  /**
   * The result an {@code onFinish} callback gets when the engine could not start: the earlier
   * records, nothing run, the error (scrubbed) as the last note and in {@code startError()}.
   */
  private static BatchResult notStarted(BatchSpec<?> spec, Checkpoint checkpoint,
      List<String> notes, Throwable error, FinishCallbacks onFinish) {
    TrialStore records = checkpoint.previous();
    long now = spec.clock().epochMillis();
    ProgressSnapshot progress = ProgressSnapshot.ofRecords(spec.name(),
        ProgressSnapshot.State.CANCELLED, spec.trialCount(), spec.stages().size(),
        records.records(), Duration.ZERO, now);
    String described = Secrets.scrubber(spec.configs()).describe(error);
    int nl = described.indexOf('\n');
    List<String> all = new ArrayList<>(notes);
    all.add("batch " + spec.name() + " could not start, nothing ran: "
        + (nl < 0 ? described : described.substring(0, nl)));
    return new BatchResult(new RunResults(spec.name(), records, progress, now, now, false,
        List.of(), null, checkpoint.dir().orElse(null), all, spec.configs(), spec.sweepAxes(),
        error), onFinish);
  }

  private static RunResults results(BatchSpec<?> spec, BatchRunner.Outcome o, Path dir,
      List<String> notes) {
    if (o.progress().notice() != null) {
      notes = new ArrayList<>(notes);
      notes.add(o.progress().notice());
    }
    return new RunResults(spec.name(), o.latest(), o.progress(), o.startedAtMillis(),
        o.finishedAtMillis(), o.cancelled(), o.abandonedThreads(), o.checkpointError(), dir, notes,
        spec.configs(), spec.sweepAxes(), null);
  }

  /**
   * Runs {@code work} (opening the run directory and its trial log for appending) on its own
   * thread: file channels close themselves when their thread is interrupted, and a notebook
   * interrupt arriving during the open must cancel the batch, not break the checkpoint. An
   * interrupt of the caller is reported through {@code interrupted}.
   */
  private static <T> T shielded(Callable<T> work, String threadName, boolean[] interrupted) {
    CompletableFuture<T> opened = new CompletableFuture<>();
    Thread opener = DaemonThreads.daemon(() -> {
      try {
        opened.complete(work.call());
      } catch (Throwable e) {
        opened.completeExceptionally(e);
      }
    }, threadName);
    opener.start();
    while (true) {
      try {
        return opened.get();
      } catch (InterruptedException e) {
        interrupted[0] = true;
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException r) {
          throw r;
        }
        if (e.getCause() instanceof Error err) {
          throw err;
        }
        throw new IllegalStateException(e.getCause());
      }
    }
  }

  /**
   * The trials without a finished record; with {@code runStopped} (a spec that does not stop
   * early) also those an earlier early stop left unrun.
   */
  private static int[] unfinished(TrialStore previous, boolean runStopped) {
    int[] order = new int[previous.trials()];
    int n = 0;
    for (int t = 0; t < order.length; t++) {
      TrialStatus s = previous.status(t);
      if (s == null || !s.isFinished() || runStopped && s == TrialStatus.STOPPED) {
        order[n++] = t;
      }
    }
    return Arrays.copyOf(order, n);
  }

  /**
   * The trials every selection matches. The results table a {@code where} selection reads is
   * built at its first row, so selections of configs, inputs or statuses read no record.
   */
  private static int[] selected(BatchSpec<?> spec, TrialStore previous, List<Select> selection) {
    int[] rowOf = new int[previous.trials()];
    int rows = 0;
    for (int t = 0; t < rowOf.length; t++) {
      rowOf[t] = previous.has(t) ? rows++ : -1;
    }
    Lazy<Table> table = new Lazy<>(() -> ResultsTable.of(spec.name(), previous.records()));
    int[] order = new int[previous.trials()];
    int n = 0;
    for (int t = 0; t < order.length; t++) {
      int trial = t;
      Select.Candidate candidate = new Select.Candidate() {
        @Override
        public String config() {
          return previous.config(trial);
        }

        @Override
        public String inputId() {
          return previous.inputId(trial);
        }

        @Override
        public TrialStatus status() {
          return previous.status(trial);
        }

        @Override
        public Row row() {
          return rowOf[trial] < 0 ? null : new Row(table.get(), rowOf[trial]);
        }
      };
      if (selection.stream().allMatch(s -> s.matches(candidate))) {
        order[n++] = t;
      }
    }
    return Arrays.copyOf(order, n);
  }
}
