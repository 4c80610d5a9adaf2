package io.github.trialbook.cli;

import io.github.trialbook.Audit;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.TrialbookException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * {@code audit RUN_DIR [--archive DIR] [--strict]}: prints the audit's summary and the cases that
 * are not ok, for schedulers and CI. Exit codes: 0 when complete (or without {@code --strict}),
 * 1 when incomplete with {@code --strict}, 2 on bad arguments or a bad run directory.
 */
final class AuditCommand {
  static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar audit RUN_DIR [--archive DIR] [--strict]
        checks that every expected case of the run in RUN_DIR finished ok with its required files
        (written to RUN_DIR/checks/completeness.csv and .json)
        --archive DIR  also look for the cases under DIR (same cases/<config>/<inputId>/ layout)
        --strict       exit 1 when the run is incomplete
      exit codes: 0 complete (or not --strict), 1 incomplete with --strict, 2 bad arguments or
      run directory""";

  private AuditCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    RunDirArgs parsed;
    try {
      parsed = RunDirArgs.parse(args, "audit", Set.of("--archive"), Set.of("--strict"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return 2;
    }
    Path runDir = parsed.runDir();
    Path archive = parsed.values().containsKey("--archive")
        ? Path.of(parsed.values().get("--archive")) : null;
    boolean strict = parsed.flags().contains("--strict");
    Audit audit;
    try {
      audit = Trialbook.audit(runDir);
      if (archive != null) {
        audit = audit.archive(archive);
      }
    } catch (TrialbookException e) {
      err.println("cannot audit " + runDir + ": " + e.getMessage());
      return 2;
    }
    out.println(audit.toText());
    return strict && !audit.isComplete() ? 1 : 0;
  }
}
