package io.github.trialbook.report;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.store.RunInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tech.tablesaw.api.Table;

/**
 * What a {@link Report} is made of: the batch, how it ended, its timings and expected size, the
 * latest record of every trial that has one with the results table built from them, where it ran
 * ({@code info}, null for a batch without a run directory), its notes, for a run of process
 * stages the completeness audit (null otherwise), and the status panels of its last picture (an
 * endpoint pool's status, say; empty for a run read back from its directory). {@code BatchResult.report()} makes one.
 *
 * <pre>{@code
 * Report rep = Report.of(new ReportInput("demo", "finished", start, end, records.size(),
 *     List.of("classify"), List.of("default"), records, table, null, List.of(), null, List.of()));
 * }</pre>
 *
 * @param status how the run ended, as a word: finished, cancelled, crashed, running
 * @param endedAt null while running
 * @param expectedTrials configs × inputs
 */
public record ReportInput(String batch, String status, Instant startedAt, Instant endedAt,
    long expectedTrials, List<String> stageNames, List<String> configNames,
    List<TrialRecord> records, Table results, RunInfo info, List<String> notes,
    Completeness completeness, List<Object> panels) {

  public ReportInput {
    Objects.requireNonNull(batch, "batch");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(results, "results");
    stageNames = List.copyOf(stageNames);
    configNames = List.copyOf(configNames);
    records = List.copyOf(records);
    notes = List.copyOf(notes);
    panels = panels == null ? List.of() : List.copyOf(panels);
  }

  /**
   * The completeness audit in short: counts ({@code expected_cases}, {@code found_cases}, ...) and
   * the table of the cases that are not ok.
   */
  public record Completeness(Map<String, Long> counts, Table notOk) {
    public Completeness {
      counts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(counts));
    }
  }
}
