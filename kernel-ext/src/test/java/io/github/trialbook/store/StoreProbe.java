package io.github.trialbook.store;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.TrialRecord;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Test-side access to the store's package-private parts, for tests and benchmarks in other
 * packages that check what is on disk (a killed child's log, a fingerprint's text, the raw
 * checkpoint write speed). Production code goes through {@link Checkpoint} and {@link StoredRun}.
 */
public final class StoreProbe {
  private StoreProbe() {}

  /** The fingerprint of {@code spec} as the manifest would hold it, as text. */
  public static String fingerprint(BatchSpec<?> spec) {
    return Fingerprint.of(spec).toString();
  }

  /** One trial log line decoded. */
  public static TrialRecord decode(byte[] line) {
    return RecordCodec.decode(line);
  }

  /** The whole records in the trial log {@code file} (a torn last line not counted). */
  public static long records(Path file) {
    return TrialLog.read(file).records();
  }

  /** The latest record per key of the trial log {@code file}. */
  public static Map<String, TrialRecord> latest(Path file) {
    return TrialLog.read(file).latest();
  }

  /** The finished keys of the trial log {@code file}, read in full. */
  public static Set<String> finishedKeys(Path file) {
    return TrialLog.read(file).finishedKeys();
  }

  /**
   * The finished trials of {@code spec} in the run directory {@code dir}, by the scan a resume
   * does (keys, statuses and offsets into a {@link TrialStore}; no output decoded).
   */
  public static int scanFinished(Path dir, BatchSpec<?> spec) {
    TrialStore store = LogScan.read(logFile(dir),
        spec.configs().stream().map(io.github.trialbook.batch.Config::name).toList(),
        spec.inputIds(), spec.stageNames()).store();
    int finished = 0;
    for (int t = 0; t < store.trials(); t++) {
      finished += store.has(t) && store.status(t).isFinished() ? 1 : 0;
    }
    return finished;
  }

  /** The trial log of the run directory {@code dir}. */
  public static Path logFile(Path dir) {
    return dir.resolve(RunDirectory.LOG);
  }

  /**
   * Opens {@code dir} for {@code spec}, appends {@code n} records through the checkpoint sink
   * with {@code policy}, flushes, closes and finishes the run; returns the records forced.
   */
  public static long write(Path dir, BatchSpec<?> spec, CheckpointPolicy policy, int n,
      IntFunction<TrialRecord> record) {
    RunDirectory run = RunDirectory.open(dir, spec, false);
    long forced;
    try (JsonlTrialSink sink = run.openSink(policy)) {
      for (int i = 0; i < n; i++) {
        sink.append(record.apply(i));
      }
      sink.flush();
      forced = sink.forcedRecords();
    }
    run.finish(RunStatus.FINISHED, RunCounts.empty(spec.trialCount()));
    return forced;
  }
}
