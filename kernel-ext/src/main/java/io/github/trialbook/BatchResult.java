package io.github.trialbook;

import io.github.trialbook.internal.FirstUse;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.RecordList;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.TextProgress;
import io.github.trialbook.eval.MetricsTable;
import io.github.trialbook.eval.ResultsTable;
import io.github.trialbook.eval.TableWriter;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import io.github.trialbook.process.CaseDirectory;
import io.github.trialbook.report.Report;
import io.github.trialbook.report.ReportInput;
import io.github.trialbook.store.RunInfo;
import io.github.trialbook.store.StoredRun;
import io.github.trialbook.store.TrialStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tech.tablesaw.api.Table;

/**
 * The outcome of a batch: one latest record per trial that ran (or was carried over from an
 * earlier run), counts, timings, and the results as a Tablesaw {@link #table()}. Immutable, but
 * for the notes of {@code onFinish} callbacks that throw after it was returned ({@link #notes()});
 * renders itself (summary plus the head of the table) when it is a notebook cell's value.
 *
 * <pre>{@code
 * BatchResult r = Trialbook.runBatch(spec);
 * System.out.println(r.ok() + " ok, " + r.failed() + " failed in " + r.elapsed());
 * Table t = r.table();
 * r.failures().forEach(f -> System.out.println(f.key() + ": " + f.error().summary()));
 * }</pre>
 */
public final class BatchResult implements Renderable {
  static {
    FirstUse.ensure(); // in a notebook kernel: renderers registered, SLF4J quiet (jupyter.Kernels)
  }

  /** The head and tail of the table in {@link #toHtml()}: 10 rows, 20 columns, short cells. */
  private static final TableWriter PREVIEW = new TableWriter(10, 20, 200);
  private static final int PREVIEW_FAILURES = 5;

  private final RunResults results;
  private final FinishCallbacks onFinish;
  private final String name;
  private final TrialStore store;
  private final RecordList records;
  private volatile Table table;

  BatchResult(RunResults results, FinishCallbacks onFinish) {
    this.results = results;
    this.onFinish = onFinish;
    this.name = results.name();
    this.store = results.store();
    this.records = store.records();
  }

  public String name() {
    return name;
  }

  /** The run directory holding this run's checkpoint, if it was checkpointed. */
  public Optional<Path> runDir() {
    return Optional.ofNullable(results.runDir());
  }

  /**
   * What the user should know about how the run was opened: a crashed session resumed, a torn
   * last line repaired, a spec change continued anyway, a deleted trial log, input ids a rerun's
   * selection did not find, an {@code onFinish} callback that threw. {@link #toText()} and
   * {@link #toHtml()} show them too.
   *
   * <p>The callbacks run after {@code runBatch} has returned this result, so the note of one that
   * throws joins the list when it throws; after {@link #awaitOnFinish()} the list is complete.
   */
  public List<String> notes() {
    List<String> late = onFinish.notes();
    if (late.isEmpty()) {
      return results.notes();
    }
    List<String> all = new ArrayList<>(results.notes());
    all.addAll(late);
    return Collections.unmodifiableList(all);
  }

  /**
   * Waits until the spec's {@code onFinish} callbacks have all run (at once when it has none), and
   * returns this result, its {@link #notes()} then complete. {@code runBatch} returns without
   * waiting for them; call this before {@code System.exit} or at the end of a notebook that a
   * script runs, so a report being written is not cut off. An interrupt ends the wait early and
   * stays set.
   *
   * <pre>{@code
   * BatchResult r = Trialbook.runBatch(spec).awaitOnFinish();   // out.csv is written now
   * }</pre>
   */
  public BatchResult awaitOnFinish() {
    onFinish.await(Duration.ofNanos(Long.MAX_VALUE));
    return this;
  }

  /**
   * Waits at most {@code timeout} for the {@code onFinish} callbacks; true when they have all
   * run (or there are none), false if one is still running.
   */
  public boolean awaitOnFinish(Duration timeout) {
    java.util.Objects.requireNonNull(timeout, "timeout");
    return onFinish.await(timeout);
  }

  /**
   * The error that kept the batch from starting after its run directory was opened (the one
   * {@code runBatch} threw), as an {@code onFinish} callback sees it; empty for a batch that ran.
   * Such a result holds the earlier records only, and nothing ran.
   */
  public Optional<Throwable> startError() {
    return Optional.ofNullable(results.startError());
  }

  /**
   * Every recorded outcome of the trial {@code config/inputId}, oldest first (reruns append, the
   * latest wins in {@link #table()}); empty if it never ran. The offsets of superseded records
   * are known from reading the run, so a call reads that trial's lines only; without a run
   * directory, the latest record only.
   */
  public List<TrialRecord> history(String key) {
    int trial = trialOf(key);
    return trial < 0 ? List.of() : store.history(trial);
  }

  /** The trial of {@code config/inputId} (config names may hold '/': each is tried), or -1. */
  private int trialOf(String key) {
    java.util.Objects.requireNonNull(key, "key");
    for (String config : store.configs()) {
      if (key.length() > config.length() && key.startsWith(config)
          && key.charAt(config.length()) == '/') {
        int t = store.trialOf(config, key.substring(config.length() + 1));
        if (t >= 0) {
          return t;
        }
      }
    }
    return -1;
  }

  /** True when the batch was cancelled (by {@code cancel()} or an interrupt); it can be resumed. */
  public boolean isCancelled() {
    return results.cancelled();
  }

  /** The final progress snapshot (all counts). */
  public ProgressSnapshot progress() {
    return results.progress();
  }

  public long ok() {
    return results.progress().okTrials();
  }

  /** Trials that failed, not counting timeouts. */
  public long failed() {
    return results.progress().failedTrials();
  }

  public long timedOut() {
    return results.progress().timedOutTrials();
  }

  /** Trials interrupted by a cancel (they run again on resume). */
  public long cancelled() {
    return results.progress().cancelledTrials();
  }

  /**
   * How busy each worker was over the batch (share of the elapsed time in a trial) and their
   * mean: "are my workers idle?" as a number. Empty for a run read back from disk.
   */
  public Optional<ProgressSnapshot.Utilisation> utilisation() {
    return Optional.ofNullable(results.progress().utilisation());
  }

  /** Trials an early stop left unrun (status {@code stopped}). */
  public long stopped() {
    return results.progress().stoppedTrials();
  }

  /** Trials never started (the batch was cancelled first). */
  public long notStarted() {
    return results.progress().totalTrials() - records.size();
  }

  public Instant startedAt() {
    return Instant.ofEpochMilli(results.startedAtMillis());
  }

  public Duration elapsed() {
    return Duration.ofMillis(results.finishedAtMillis() - results.startedAtMillis());
  }

  /** Names of worker threads abandoned because a stage ignored its interrupt (usually empty). */
  public List<String> abandonedThreads() {
    return results.abandonedThreads();
  }

  /** The checkpoint write failure of this run, if any. */
  public Optional<Throwable> checkpointError() {
    return Optional.ofNullable(results.checkpointError());
  }

  /**
   * The latest record of every trial that has one, in trial order. For a checkpointed batch the
   * list reads each record from the trial log when it is asked for (a million records do not sit
   * on the heap); {@link RecordList#status(int)} and the key accessors read nothing.
   */
  public List<TrialRecord> records() {
    return records;
  }

  /** The latest record of the trial {@code config/inputId}. */
  public Optional<TrialRecord> record(String key) {
    int trial = trialOf(key);
    return trial < 0 ? Optional.empty() : Optional.ofNullable(store.get(trial));
  }

  /** The failed and timed-out trials (only their records are read). */
  public List<TrialRecord> failures() {
    List<TrialRecord> list = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      TrialStatus s = records.status(i);
      if (s == TrialStatus.FAILED || s == TrialStatus.TIMEOUT) {
        list.add(records.get(i));
      }
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * The completeness audit of this run's directory (see {@link Audit}).
   *
   * @throws TrialbookException if the batch ran without a checkpoint
   */
  public Audit audit() {
    if (results.runDir() == null) {
      throw new TrialbookException("batch " + name + " ran without a run directory, so there is "
          + "nothing to audit; give the spec a runDir(path)");
    }
    return Audit.of(results.runDir());
  }

  /**
   * The report of this run (see {@link Report}): summary, workers, throughput, latency, retries,
   * failures, and the completeness audit when the run has process stages.
   *
   * <pre>{@code
   * r.report().classification("label", "classify").writeHtml(Path.of("report.html"));
   * }</pre>
   */
  public Report report() {
    Path dir = results.runDir();
    RunInfo info = dir == null ? null : StoredRun.infoOf(dir).orElse(null);
    String status = info != null ? info.status().label()
        : results.cancelled() ? "cancelled" : "finished";
    ReportInput.Completeness completeness = null;
    if (dir != null && Files.isDirectory(dir.resolve(CaseDirectory.CASES))) {
      Audit a = Audit.of(dir);
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("expected_cases", a.expectedCases());
      counts.put("found_cases", a.foundCases());
      counts.put("missing_cases", a.missingCases());
      counts.put("failed_cases", a.failedCases());
      counts.put("stopped_cases", a.stoppedCases());
      counts.put("missing_files_total", a.missingFilesTotal());
      Table all = a.table();
      completeness = new ReportInput.Completeness(counts,
          all.where(all.stringColumn("status").isNotEqualTo("ok")).setName("cases not ok"));
    }
    List<String> configs = results.configs().stream().map(Config::name).toList();
    long expected = results.progress().totalTrials();
    return Report.of(new ReportInput(name, status, startedAt(),
        Instant.ofEpochMilli(results.finishedAtMillis()), expected,
        records.isEmpty() ? List.of() : records.get(0).stageNames(), configs, records, table(),
        info, results.notes(), completeness, results.progress().panels()));
  }

  /**
   * The final metrics, one row per config, with the anytime-valid and the fixed-sample
   * intervals (see {@link MetricsTable}).
   *
   * @throws IllegalStateException if the batch was not run from a spec with {@code evaluate(...)}
   */
  public Table metrics() {
    return metricsOf(name, results.progress());
  }

  static Table metricsOf(String batch, ProgressSnapshot progress) {
    if (progress.metrics() == null) {
      throw new IllegalStateException("batch " + batch + " has no live metrics: its spec has no "
          + "evaluate(...) (or the batch has not measured anything yet); add .evaluate(Evaluate"
          + ".classification(truth, \"column\")) to the spec, or compute metrics from table() "
          + "with Trialbook.classification(...)");
    }
    return MetricsTable.of(progress.metrics());
  }

  /**
   * Only these columns of {@link #table()}, in this order, built without the others (the outputs
   * of stages no column names are not read): {@code r.table("config", "status")} of a large run
   * costs a fraction of the whole table. Not cached.
   *
   * @throws io.github.trialbook.eval.EvalArgumentException naming a column the table would not
   *     have, and those it has
   */
  public Table table(String... columns) {
    return ResultsTable.select(name, records, results.configs(), results.sweepAxes(),
        java.util.Arrays.asList(columns));
  }

  /** One row per trial; see {@link ResultsTable} for the columns. Built once, then cached. */
  public Table table() {
    Table t = table;
    if (t == null) {
      t = ResultsTable.of(name, records, results.configs(), results.sweepAxes());
      table = t;
    }
    return t;
  }

  @Override
  public String toText() {
    StringBuilder sb = new StringBuilder(TextProgress.line(results.progress())).append('\n');
    for (String note : notes()) {
      sb.append("  note: ").append(note).append('\n');
    }
    String spent = spending();
    if (!spent.isEmpty()) {
      sb.append("  spent: ").append(spent).append('\n');
    }
    List<TrialRecord> failures = failures();
    for (TrialRecord f : failures.subList(0, Math.min(PREVIEW_FAILURES, failures.size()))) {
      sb.append("  failed ").append(f.key()).append(": ").append(f.error().summary()).append('\n');
    }
    return PlainText.escape(sb.toString());
  }

  @Override
  public String toHtml() {
    StringBuilder sb = new StringBuilder("<div class=\"trialbook-result\"><p><b>")
        .append(Html.escape(name)).append("</b> ")
        .append(Html.escape(TextProgress.line(results.progress()))).append("</p>");
    for (String note : notes()) {
      sb.append("<p class=\"trialbook-note\">note: ").append(Html.escape(note)).append("</p>");
    }
    String spent = spending();
    if (!spent.isEmpty()) {
      sb.append("<p>spent: ").append(Html.escape(spent)).append("</p>");
    }
    List<TrialRecord> failures = failures();
    if (!failures.isEmpty()) {
      sb.append("<p>Latest failures:</p><ul>");
      for (TrialRecord f : failures.subList(0, Math.min(PREVIEW_FAILURES, failures.size()))) {
        sb.append("<li><code>").append(Html.escape(f.key())).append("</code>: ")
            .append(Html.escape(f.error().summary())).append("</li>");
      }
      sb.append("</ul>");
    }
    return sb.append(PREVIEW.html(null, table(), List.of()))
        .append("<p><code>table()</code> has them all.</p></div>").toString();
  }

  /** Tokens and US dollars per config that reported any ({@code batch.Usage}), or "". */
  private String spending() {
    StringBuilder out = new StringBuilder();
    for (ProgressSnapshot.ConfigProgress c : results.progress().configs()) {
      if (c.tokens() > 0 || c.costUsd() > 0) {
        out.append(out.length() == 0 ? "" : " · ").append(String.format(java.util.Locale.ROOT,
            "%s %,d tokens $%.4f", c.config(), c.tokens(), c.costUsd()));
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return toText();
  }
}
