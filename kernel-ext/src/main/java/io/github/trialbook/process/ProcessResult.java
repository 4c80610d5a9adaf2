package io.github.trialbook.process;

import java.util.List;

/**
 * What a {@link ProcessStage} records for a trial: the stage output, so the results table has
 * columns {@code <stage>.exitCode}, {@code <stage>.pid}, {@code <stage>.caseDir}, ...
 *
 * @param exitCode the program's exit code (0 for an output, since others fail the trial)
 * @param pid the process id it ran as
 * @param caseDir the case directory, its working directory, holding {@code stdout.log} and
 *     {@code stderr.log}
 * @param elapsedMs wall time from start to exit
 * @param stderrTail the last 20 lines of {@code stderr.log}
 * @param artifacts the files found for the required patterns, relative to {@code caseDir}
 * @param required the required patterns, as given to {@link ProcessStage.Builder#require}
 */
public record ProcessResult(int exitCode, long pid, String caseDir, long elapsedMs,
    List<String> stderrTail, List<String> artifacts, List<String> required) {

  public ProcessResult {
    stderrTail = List.copyOf(stderrTail);
    artifacts = List.copyOf(artifacts);
    required = List.copyOf(required);
  }
}
