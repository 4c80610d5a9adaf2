package io.github.trialbook.cli;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.report.Report;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code report RUN_DIR --html FILE [--markdown FILE] [--title T] [--truth CSV --truth-key COL
 * --truth-column COL --prediction COL]}: writes the run's report (see {@link Report}). Exit codes:
 * 0 written, 2 bad arguments, a bad run directory or a missing column.
 */
final class ReportCommand {
  static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar report RUN_DIR --html FILE
             [--markdown FILE] [--title TEXT]
             [--truth CSV --truth-key input_id --truth-column label --prediction COLUMN]
        writes the report of the run in RUN_DIR: a self-contained HTML page and/or Markdown with
        its charts in FILE_files/; with --truth, precision/recall/F1 of COLUMN against the
        labels of CSV matched by --truth-key (default input_id)
      exit codes: 0 written, 2 bad arguments, run directory or column""";
  private static final Set<String> OPTIONS = Set.of("--html", "--markdown", "--title", "--truth",
      "--truth-key", "--truth-column", "--prediction");

  private ReportCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    Path runDir;
    Map<String, String> opts;
    try {
      RunDirArgs parsed = RunDirArgs.parse(args, "report", OPTIONS, Set.of());
      runDir = parsed.runDir();
      opts = parsed.values();
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    if (!(opts.containsKey("--html") || opts.containsKey("--markdown"))) {
      err.println("report needs --html FILE or --markdown FILE\n" + USAGE);
      return 2;
    }
    boolean truth = opts.containsKey("--truth");
    if (truth != (opts.containsKey("--truth-column") && opts.containsKey("--prediction"))) {
      err.println("--truth CSV goes with --truth-column COL and --prediction COL\n" + USAGE);
      return 2;
    }
    try {
      Report rep = Trialbook.report(runDir);
      if (opts.containsKey("--title")) {
        rep = rep.title(opts.get("--title"));
      }
      if (truth) {
        String column = opts.get("--truth-column");
        rep = rep.truth(labels(Path.of(opts.get("--truth"))), opts.getOrDefault("--truth-key",
            "input_id"), column).classification(column, opts.get("--prediction"));
      }
      if (opts.containsKey("--html")) {
        out.println("wrote " + rep.writeHtml(Path.of(opts.get("--html"))));
      }
      if (opts.containsKey("--markdown")) {
        out.println("wrote " + rep.writeMarkdown(Path.of(opts.get("--markdown"))));
      }
      return 0;
    } catch (TrialbookException | IOException e) {
      err.println("cannot report " + runDir + ": " + e.getMessage());
      return 2;
    }
  }

  /** The labels file with every column read as text, so ids like 007 keep their zeros. */
  private static Table labels(Path csv) throws IOException {
    if (!Files.isRegularFile(csv)) {
      throw new IOException("the labels file " + csv + " does not exist; pass --truth FILE.csv");
    }
    return Table.read().usingOptions(CsvReadOptions.builder(csv.toFile())
        .columnTypesToDetect(List.of(ColumnType.STRING)));
  }
}
