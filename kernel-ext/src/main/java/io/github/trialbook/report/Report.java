package io.github.trialbook.report;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.chart.ChartView;
import io.github.trialbook.chart.LatencyHistogram;
import io.github.trialbook.chart.ThroughputChart;
import io.github.trialbook.chart.TimelineChart;
import io.github.trialbook.eval.ClassificationReport;
import io.github.trialbook.eval.Metrics;
import io.github.trialbook.eval.TableWriter;
import io.github.trialbook.internal.AtomicFiles;
import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.Lazy;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import io.github.trialbook.store.RunInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A report of one run: a self-contained HTML page (inline CSS, charts as embedded PNG, no
 * JavaScript, no network) or a Markdown file with its charts beside it, and a rendering in the
 * cell. Sections appear when the run has their data: the run (status, counts, timings, where it
 * ran), counts by config, worker utilisation with the per-worker timeline, throughput over time,
 * latency per stage, retries and timeouts, failures grouped by pattern, the completeness audit,
 * and metrics when asked. Every string from the run is escaped, secrets never appear (records
 * and manifests hold none), and the same run gives the same bytes on every call: no timestamp
 * but the run's own. Immutable: an option method returns a changed copy.
 *
 * <pre>{@code
 * Report rep = Trialbook.report(Path.of("runs", "triage"))
 *     .classification("label", "final.prediction").by("config")
 *     .title("Triage, prompt v3");
 * rep.writeHtml(Path.of("report.html"));
 * rep.writeMarkdown(Path.of("report.md"));   // charts in report_files/
 * }</pre>
 */
public final class Report implements Renderable {
  private static final TableWriter TABLES = new TableWriter(40, 20, 160);
  private static final String CSS = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;"
      + "margin:2em auto;max-width:60em;padding:0 1em;color:#222}h1{font-size:1.6em}"
      + "h2{font-size:1.25em;border-bottom:1px solid #ddd;padding-bottom:.2em;margin-top:1.6em}"
      + "table{border-collapse:collapse;margin:.6em 0;font-size:.9em}"
      + "th,td{border:1px solid #ccc;padding:.25em .6em;text-align:right}"
      + "th{background:#f3f3f3}caption{text-align:left;font-weight:600;padding:.3em 0}"
      + "img{max-width:100%}.trialbook-note{color:#666}";

  private final ReportInput input;
  private final String title;
  private final String truth;
  private final String prediction;
  private final List<String> groupBy;
  /** Built once: a cell's bundle asks for the text and the HTML, each walking every section. */
  private final Lazy<List<Section>> sections = new Lazy<>(this::buildSections);

  private Report(ReportInput input, String title, String truth, String prediction,
      List<String> groupBy) {
    this.input = input;
    this.title = title;
    this.truth = truth;
    this.prediction = prediction;
    this.groupBy = List.copyOf(groupBy);
  }

  /** The report of {@code input}, titled "Report: {@code <batch>}". */
  public static Report of(ReportInput input) {
    Checks.notNull(input, "input", "pass BatchResult.report() or Trialbook.report(runDir)",
        ReportException::new);
    return new Report(input, "Report: " + input.batch(), null, null, List.of());
  }

  /** The report's heading. */
  public Report title(String title) {
    Checks.notNull(title, "title", "pass a heading, e.g. \"Triage, prompt v3\"",
        ReportException::new);
    return new Report(input, title, truth, prediction, groupBy);
  }

  /**
   * Adds a metrics section: precision, recall and F1 of the {@code prediction} column against
   * {@code truth} (scikit-learn's classification report) on the results table.
   *
   * @throws ReportException if the results table lacks either column
   */
  public Report classification(String truth, String prediction) {
    for (String[] c : new String[][] {{"truth", truth}, {"prediction", prediction}}) {
      Checks.notNull(c[1], c[0], "pass a column of the results table", ReportException::new);
      if (!input.results().containsColumn(c[1])) {
        throw new ReportException(c[0] + " column '" + c[1] + "' is not in the results table of "
            + input.batch() + "; its columns are " + input.results().columnNames());
      }
    }
    return new Report(input, title, truth, prediction, groupBy);
  }

  /**
   * Joins ground truth kept outside the run (a labels file) onto the results table: the
   * {@code labelColumn} of {@code labels} becomes a results column of the same name, matched by
   * {@code keyColumn}, which both tables have (e.g. {@code input_id}); rows without a label get a
   * missing value. Then {@code classification(labelColumn, prediction)} reads it.
   *
   * <pre>{@code
   * Table labels = Table.read().csv("labels.csv");
   * rep.truth(labels, "input_id", "label").classification("label", "final.prediction");
   * }</pre>
   *
   * @throws ReportException if a column is missing, or the label column clashes with a results one
   */
  public Report truth(Table labels, String keyColumn, String labelColumn) {
    Checks.notNull(labels, "labels", "pass a Table, e.g. Table.read().csv(\"labels.csv\")",
        ReportException::new);
    Table results = input.results();
    for (String[] c : new String[][] {{"keyColumn", keyColumn}, {"labelColumn", labelColumn}}) {
      Checks.notNull(c[1], c[0], "pass a column name of the labels table", ReportException::new);
      if (!labels.containsColumn(c[1])) {
        throw new ReportException(c[0] + " '" + c[1] + "' is not a column of the labels table; "
            + "its columns are " + labels.columnNames());
      }
    }
    if (!results.containsColumn(keyColumn)) {
      throw new ReportException("keyColumn '" + keyColumn + "' is not in the results table of "
          + input.batch() + "; its columns are " + results.columnNames());
    }
    if (results.containsColumn(labelColumn)) {
      throw new ReportException("labelColumn '" + labelColumn + "' is already a results column "
          + "of " + input.batch() + "; rename it in the labels table");
    }
    Map<String, String> byKey = new HashMap<>();
    for (int r = 0; r < labels.rowCount(); r++) {
      if (!labels.column(keyColumn).isMissing(r) && !labels.column(labelColumn).isMissing(r)) {
        byKey.put(labels.column(keyColumn).getString(r), labels.column(labelColumn).getString(r));
      }
    }
    StringColumn label = StringColumn.create(labelColumn);
    for (int r = 0; r < results.rowCount(); r++) {
      String v = byKey.get(results.column(keyColumn).getString(r));
      if (v == null) {
        label.appendMissing();
      } else {
        label.append(v);
      }
    }
    Table joined = results.copy().addColumns(label);
    ReportInput in = new ReportInput(input.batch(), input.status(), input.startedAt(),
        input.endedAt(), input.expectedTrials(), input.stageNames(), input.configNames(),
        input.records(), joined, input.info(), input.notes(), input.completeness(), input.panels());
    return new Report(in, title, truth, prediction, groupBy);
  }

  /** The metrics per group of these results-table columns (e.g. {@code "config"}). */
  public Report by(String... columns) {
    Checks.notNull(columns, "columns", "pass column names, e.g. \"config\"", ReportException::new);
    for (String c : columns) {
      if (c == null || !input.results().containsColumn(c)) {
        throw new ReportException("by column '" + c + "' is not in the results table of "
            + input.batch() + "; its columns are " + input.results().columnNames());
      }
    }
    return new Report(input, title, truth, prediction, List.of(columns));
  }

  /** The titles of the sections this report has, in order. */
  public List<String> sections() {
    return sectionList().stream().map(Section::title).toList();
  }

  /** The whole page: one self-contained HTML document. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + Html.escape(title) + "</title><style>" + CSS + "</style></head><body>\n" + body()
        + "</body></html>\n";
  }

  /** The report as an HTML fragment, for a notebook cell. */
  @Override
  public String toHtml() {
    return "<div class=\"trialbook-report\">" + body() + "</div>";
  }

  /** The report as Markdown without its charts (each chart a line naming it). */
  @Override
  public String toText() {
    return PlainText.escape(markdown(null, null));
  }

  /** Writes {@link #html()} to {@code file} (replacing it whole, never half-written). */
  public Path writeHtml(Path file) throws IOException {
    AtomicFiles.write(file, html().getBytes(StandardCharsets.UTF_8));
    return file;
  }

  /**
   * Writes the report as Markdown to {@code file} and its charts as PNG files in
   * {@code <name>_files/} beside it, linked relatively.
   */
  public Path writeMarkdown(Path file) throws IOException {
    String stem = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    Path dir = file.toAbsolutePath().getParent().resolve(stem + "_files");
    AtomicFiles.write(file, markdown(dir, stem + "_files").getBytes(StandardCharsets.UTF_8));
    return file;
  }

  @Override
  public String toString() {
    return toText();
  }

  // --- rendering -------------------------------------------------------------------------------

  private String body() {
    StringBuilder out = new StringBuilder("<h1>").append(Html.escape(title)).append("</h1>\n");
    for (Section s : sectionList()) {
      out.append("<h2>").append(Html.escape(s.title())).append("</h2>\n");
      for (Object block : s.blocks()) {
        if (block instanceof String text) {
          out.append("<p>").append(Html.escape(text)).append("</p>\n");
        } else if (block instanceof Table t) {
          out.append(TABLES.html(t.name(), t, List.of())).append('\n');
        } else if (block instanceof ChartView c) {
          out.append("<p><img alt=\"").append(Html.escape(c.title())).append("\" src=\"data:"
              + "image/png;base64,").append(Base64.getEncoder().encodeToString(c.toPng()))
              .append("\"></p>\n");
        } else if (block instanceof Renderable r) {
          out.append(r.toHtml()).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** Markdown; with {@code chartDir}, charts are written there and linked as {@code link/...}. */
  private String markdown(Path chartDir, String link) {
    StringBuilder out = new StringBuilder("# ").append(mdText(title)).append("\n\n");
    int chart = 0;
    for (Section s : sectionList()) {
      out.append("## ").append(mdText(s.title())).append("\n\n");
      for (Object block : s.blocks()) {
        if (block instanceof String text) {
          out.append(mdText(text)).append("\n\n");
        } else if (block instanceof Table t) {
          out.append(TABLES.markdown(t.name(), t)).append('\n');
        } else if (block instanceof ChartView c) {
          chart++;
          String name = String.format(Locale.ROOT, "chart-%02d.png", chart);
          if (chartDir == null) {
            out.append("(chart: ").append(mdText(c.title())).append(")\n\n");
          } else {
            writeChart(chartDir.resolve(name), c);
            out.append("![").append(mdText(c.title())).append("](").append(link).append('/')
                .append(name).append(")\n\n");
          }
        } else if (block instanceof Renderable r) {
          out.append("```\n").append(r.toText().replace("```", "'''")).append("\n```\n\n");
        }
      }
    }
    return out.toString();
  }

  private static void writeChart(Path file, ChartView c) {
    try {
      Files.createDirectories(file.getParent());
      AtomicFiles.write(file, c.toPng());
    } catch (IOException e) {
      throw new ReportException("cannot write the chart " + file + " (" + e.getMessage()
          + "); check that the directory is writable", e);
    }
  }

  /** Markdown text: HTML escaped (Markdown renders inline HTML), markup characters escaped. */
  private static String mdText(String s) {
    return PlainText.escape(Html.escape(s.replace('\n', ' ').replace('\r', ' ')))
        .replaceAll("([\\\\`*_\\[\\]#|!])", "\\\\$1");
  }

  // --- sections --------------------------------------------------------------------------------

  /** A section: its title and its blocks (text, tables, charts, renderables), in order. */
  private record Section(String title, List<Object> blocks) {}

  private List<Section> sectionList() {
    return sections.get();
  }

  private List<Section> buildSections() {
    List<Section> out = new ArrayList<>();
    out.add(new Section("Run", List.of(summary(), RunFigures.countsByConfig(input))));
    if (!input.notes().isEmpty()) {
      out.add(new Section("Notes", List.copyOf(input.notes())));
    }
    Table workers = RunFigures.workerUse(input.records());
    if (workers.rowCount() > 0) {
      List<TrialRecord> timed = input.records().stream().filter(r -> r.startedAtMillis() > 0)
          .toList();
      out.add(new Section("Worker utilisation", List.of("Busy share of each worker over "
          + "the span from the first trial start to the last trial end.", workers,
          TimelineChart.of(timed).view())));
    }
    Table results = input.results();
    if (results.rowCount() > 1 && results.containsColumn("started_at")) {
      out.add(new Section("Throughput", List.of(ThroughputChart.of(results))));
    }
    Table latency = RunFigures.stageLatency(input.stageNames(), input.records());
    if (latency.rowCount() > 0) {
      List<Object> blocks = new ArrayList<>(List.of(latency));
      String[] columns = input.stageNames().stream().map(s -> s + "_ms")
          .filter(results::containsColumn).toArray(String[]::new);
      if (columns.length > 0 && results.rowCount() > 1) {
        blocks.add(LatencyHistogram.of(results, columns));
      }
      out.add(new Section("Latency per stage", blocks));
    }
    Table retries = RunFigures.retries(input.stageNames(), input.records());
    if (retries.rowCount() > 0) {
      out.add(new Section("Retries and timeouts", List.of(retries)));
    }
    Table endpoints = RunFigures.endpoints(input.stageNames(), input.records());
    Table endpointErrors = RunFigures.endpointErrors(input.records());
    Table pool = RunFigures.poolAtTheEnd(input.panels());
    if (endpoints.rowCount() + endpointErrors.rowCount() + pool.rowCount() > 0) {
      List<Object> blocks = new ArrayList<>(List.of(endpoints));
      if (endpointErrors.rowCount() > 0) {
        blocks.add(endpointErrors);
      }
      if (pool.rowCount() > 0) {
        blocks.add(pool);
      }
      out.add(new Section("Endpoints", blocks));
    }
    Table failures = RunFigures.failureGroups(input.records());
    if (failures.rowCount() > 0) {
      out.add(new Section("Failures", List.of(failures)));
    }
    if (input.completeness() != null) {
      out.add(new Section("Completeness", List.of(counts(input.completeness()),
          input.completeness().notOk())));
    }
    if (truth != null) {
      ClassificationReport metrics = Metrics.classification(results, truth, prediction)
          .dropMissing();
      out.add(new Section("Metrics", List.of(groupBy.isEmpty() ? metrics
          : metrics.by(groupBy.toArray(String[]::new)))));
    }
    return List.copyOf(out);
  }

  private Table summary() {
    StringColumn field = StringColumn.create("field");
    StringColumn value = StringColumn.create("value");
    Table t = Table.create("", field, value);
    add(t, "batch", input.batch());
    add(t, "status", input.status());
    add(t, "trials expected", Long.toString(input.expectedTrials()));
    add(t, "trials with a record", Integer.toString(input.records().size()));
    add(t, "started", input.startedAt().toString());
    if (input.endedAt() != null) {
      add(t, "ended", input.endedAt().toString());
      add(t, "elapsed", format(Duration.between(input.startedAt(), input.endedAt())));
    }
    add(t, "stages", String.join(", ", input.stageNames()));
    RunInfo info = input.info();
    if (info != null) {
      add(t, "parallelism", Integer.toString(info.parallelism()));
      add(t, "sessions", Integer.toString(info.sessions()));
      add(t, "host", info.host());
      add(t, "JDK", info.jdk());
      add(t, "OS", info.os());
      add(t, "library version", info.libraryVersion());
      add(t, "inputs", info.inputCount() + " (" + info.inputDigest() + ")");
    }
    return t;
  }

  private static Table counts(ReportInput.Completeness c) {
    StringColumn what = StringColumn.create("count");
    StringColumn n = StringColumn.create("cases");
    Table t = Table.create("completeness", what, n);
    c.counts().forEach((k, v) -> add(t, k, Long.toString(v)));
    return t;
  }

  private static void add(Table t, String field, String value) {
    t.stringColumn(0).append(field);
    t.stringColumn(1).append(value == null ? "" : value);
  }

  private static String format(Duration d) {
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%d h %02d min %02d s", s / 3600, s % 3600 / 60,
        s % 60) : s >= 60 ? String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60)
        : String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
  }
}
