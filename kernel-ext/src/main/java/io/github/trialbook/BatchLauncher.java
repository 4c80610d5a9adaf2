package io.github.trialbook;

import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.eval.ResultsTable;
import io.github.trialbook.store.CheckpointException;
import io.github.trialbook.process.Orphans;
import io.github.trialbook.store.RunCounts;
import io.github.trialbook.store.RunDirectory;
import io.github.trialbook.store.RunStatus;
import io.github.trialbook.store.TrialSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.Table;

/**
 * Starts a batch against its run directory: opens (or creates) the checkpoint, loads what an
 * earlier session finished, decides which trials to run (the unfinished ones, or a rerun's
 * selection) and writes the final manifest when the engine is done.
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
    Path dir = spec.runDir().orElse(null);
    if (selection != null && dir != null && !RunDirectory.holdsRun(dir)) {
      throw new CheckpointException("rerun found no run of batch " + spec.name() + " in " + dir
          + " (" + (Files.isDirectory(dir) ? "it holds no manifest.json" : "it does not exist")
          + "), so there is nothing to run again; run runBatch(spec) first, or point runDir at "
          + "the directory of the earlier run");
    }
    List<String> selectionNotes = selection == null ? List.of() : Select.check(spec, selection);
    if (dir == null) {
      TrialRecord[] previous = new TrialRecord[spec.trialCount()];
      int[] order = selection == null ? BatchRunner.Plan.all(spec).trials()
          : selected(spec, previous, selection);
      BatchRunner.Plan plan = new BatchRunner.Plan(order, previous, TrialSink.none(), 0, o -> { });
      BatchRunner runner = BatchRunner.start(spec, plan);
      return new BatchHandle(spec, runner, selectionNotes,
          o -> new BatchResult(spec.name(), o, null, selectionNotes, spec.configs(), spec.sweepAxes()));
    }
    boolean[] interrupted = {false};
    RunDirectory run = shielded(() -> RunDirectory.open(dir, spec, spec.continueOnMismatch()),
        "trialbook-" + spec.name() + "-open", interrupted);
    BatchRunner runner;
    List<String> notes = new ArrayList<>(run.notes());
    BatchSpec<?> launched = spec;
    try {
      // the lock is ours, so a recorded process still running was left by a killed session
      List<String> orphans = Orphans.end(dir);
      if (!orphans.isEmpty()) {
        notes.addAll(orphans);
        String panel = String.join("\n", orphans);
        launched = spec.toBuilder().panel(() -> panel).build();
      }
      TrialRecord[] previous = latestByTrial(spec, run.log().latest());
      int[] order = selection == null ? unfinished(previous) : selected(spec, previous, selection);
      TrialSink sink = shielded(() -> run.openSink(spec.checkpoint()),
          "trialbook-" + spec.name() + "-open-log", interrupted);
      BatchRunner.Plan plan = new BatchRunner.Plan(order, previous, sink, run.log().nextSeq(),
          outcome -> {
            try {
              run.finish(outcome.cancelled() ? RunStatus.CANCELLED : RunStatus.FINISHED,
                  RunCounts.of(spec.trialCount(), outcome.records()));
            } finally {
              run.close();
            }
          });
      runner = BatchRunner.start(launched, plan);
    } catch (RuntimeException | Error e) {
      run.close();
      throw e;
    }
    if (interrupted[0]) {
      runner.cancel(); // the interrupt came while the run directory was being opened
    }
    notes.addAll(selectionNotes);
    BatchSpec<?> started = launched;
    return new BatchHandle(started, runner, notes, o -> new BatchResult(started.name(), o, dir, notes,
        started.configs(), started.sweepAxes()));
  }

  /**
   * Runs {@code work} (opening the run directory, or its trial log for appending) on its own
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

  /** The loaded records placed at their trial numbers; records of keys the spec lacks are left. */
  static TrialRecord[] latestByTrial(BatchSpec<?> spec, Map<String, TrialRecord> latest) {
    TrialRecord[] byTrial = new TrialRecord[spec.trialCount()];
    if (latest.isEmpty()) {
      return byTrial;
    }
    Map<String, Integer> configs = new HashMap<>();
    for (int c = 0; c < spec.configs().size(); c++) {
      configs.put(spec.configs().get(c).name(), c);
    }
    Map<String, Integer> inputs = new HashMap<>(spec.inputIds().size() * 2);
    for (int i = 0; i < spec.inputIds().size(); i++) {
      inputs.put(spec.inputIds().get(i), i);
    }
    for (TrialRecord r : latest.values()) {
      Integer c = configs.get(r.config());
      Integer i = inputs.get(r.inputId());
      if (c != null && i != null) {
        byTrial[spec.trialOf(c, i)] = r;
      }
    }
    return byTrial;
  }

  private static int[] unfinished(TrialRecord[] previous) {
    int[] order = new int[previous.length];
    int n = 0;
    for (int t = 0; t < previous.length; t++) {
      if (previous[t] == null || !previous[t].status().isFinished()) {
        order[n++] = t;
      }
    }
    return Arrays.copyOf(order, n);
  }

  private static int[] selected(BatchSpec<?> spec, TrialRecord[] previous, List<Select> selection) {
    List<TrialRecord> withRecords = new ArrayList<>();
    int[] rowOf = new int[previous.length];
    Arrays.fill(rowOf, -1);
    for (int t = 0; t < previous.length; t++) {
      if (previous[t] != null) {
        rowOf[t] = withRecords.size();
        withRecords.add(previous[t]);
      }
    }
    Table table = ResultsTable.of(spec.name(), withRecords);
    int[] order = new int[previous.length];
    int n = 0;
    for (int t = 0; t < previous.length; t++) {
      int trial = t;
      Row row = rowOf[t] < 0 ? null : new Row(table, rowOf[t]);
      Select.Candidate candidate = new Select.Candidate() {
        @Override
        public String config() {
          return spec.configs().get(spec.configIndexOf(trial)).name();
        }

        @Override
        public String inputId() {
          return spec.inputIds().get(spec.inputIndexOf(trial));
        }

        @Override
        public TrialRecord record() {
          return previous[trial];
        }

        @Override
        public Row row() {
          return row;
        }
      };
      if (selection.stream().allMatch(s -> s.matches(candidate))) {
        order[n++] = t;
      }
    }
    return Arrays.copyOf(order, n);
  }
}
