package io.github.trialbook;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.process.Orphans;
import io.github.trialbook.store.RunStatus;
import io.github.trialbook.store.StoredRun;
import io.github.trialbook.store.TrialStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Loads a run directory's results as a {@link BatchResult}, in spec order, running nothing. */
final class StoredResults {
  private StoredResults() {}

  static BatchResult open(Path runDir) {
    StoredRun run = StoredRun.open(runDir);
    List<Config> configs = run.configs();
    List<String> ids = run.inputIds();
    TrialStore store = run.store(); // in trial order: inputs × configs
    boolean finished = run.status() == RunStatus.FINISHED;
    Instant start = run.startedAt();
    Instant end = run.endedAt().orElse(start);
    ProgressSnapshot progress = ProgressSnapshot.ofRecords(run.batch(),
        finished ? ProgressSnapshot.State.FINISHED : ProgressSnapshot.State.CANCELLED,
        (long) ids.size() * configs.size(), run.stageNames().size(), store.records(),
        Duration.between(start, end), end.toEpochMilli());
    for (Object panel : run.panels()) {
      progress = progress.withPanel(panel);
    }
    List<String> notes = new ArrayList<>();
    if (run.status() == RunStatus.CRASHED || run.status() == RunStatus.RUNNING) {
      notes.add("the run in " + runDir + " did not finish (status " + run.status().label()
          + "); runBatch on its spec resumes it");
    }
    run.tornTail().ifPresent(notes::add);
    run.missingLog().ifPresent(notes::add);
    if (run.status() != RunStatus.RUNNING) {
      notes.addAll(Orphans.end(runDir)); // no session holds the run: recorded processes are orphans
    }
    return new BatchResult(new RunResults(run.batch(), store, progress, start.toEpochMilli(),
        end.toEpochMilli(), !finished, List.of(), null, runDir, notes, configs, run.sweepAxes(),
        null), FinishCallbacks.none());
  }
}
