package io.github.trialbook;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.store.TrialStore;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link BatchResult} holds: the latest record of every trial that has one (by trial
 * number, in the compact store that reads them from the trial log when asked for), the final
 * counts, the timings, whether it was cancelled, the threads left behind, a checkpoint failure
 * (or null), the run directory (or null), the notes, the configs and sweep
 * axes that give the table one column per axis, and the error that kept the engine from starting
 * (or null). Made from the engine's
 * outcome ({@link BatchLauncher}) or from a stored run ({@link StoredResults}).
 */
record RunResults(String name, TrialStore store, ProgressSnapshot progress,
    long startedAtMillis, long finishedAtMillis, boolean cancelled, List<String> abandonedThreads,
    Throwable checkpointError, Path runDir, List<String> notes, List<Config> configs,
    List<String> sweepAxes, Throwable startError) {
  RunResults {
    abandonedThreads = List.copyOf(abandonedThreads);
    notes = List.copyOf(notes);
    configs = List.copyOf(configs);
    sweepAxes = List.copyOf(sweepAxes);
  }
}
