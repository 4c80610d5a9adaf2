package io.github.trialbook.testing;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.process.ProcessStage;
import io.github.trialbook.sweep.Sweep;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of the orphan test: runs (or resumes) a sweep of 6 cases of {@code script} in
 * {@code runDir}, 2 at a time. The test kills it with SIGKILL while the scripts run.
 *
 * <p>Usage: {@code SweepCrashChild <runDir> <script>}
 */
public final class SweepCrashChild {
  private SweepCrashChild() {}

  public static void main(String[] args) {
    Trialbook.runBatch(spec(Path.of(args[0]), Path.of(args[1])));
  }

  public static BatchSpec<String> spec(Path runDir, Path script) {
    return Trialbook.batch("orphans", List.of("run"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(1, 2, 3), "eps", List.of(0.5, 1.5))).configs())
        .stage("sim", ProcessStage.command(t -> List.of(script.toString()))
            .require("out/summary.json").killGrace(Duration.ofMillis(500)).build())
        .parallelism(2).runDir(runDir).consoleProgress(false).build();
  }
}
