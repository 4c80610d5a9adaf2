package io.github.trialbook;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.eval.TableWriter;
import io.github.trialbook.process.Artifacts;
import io.github.trialbook.process.CaseDirectory;
import io.github.trialbook.process.ProcessResult;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import io.github.trialbook.store.StoredRun;
import io.github.trialbook.internal.PlainText;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The completeness audit of a run directory: every expected case (the configs × the inputs the
 * manifest and {@code input-ids.txt} recorded when the run started, not what happens to be on
 * disk) with its status: {@code ok}, {@code failed}, {@code missing} (never finished) or
 * {@code missing_files} (finished, but a required artifact of a process stage is not on disk now).
 * Files are checked when the audit is made, so a later deletion shows up. Making an audit writes
 * {@code checks/completeness.csv} and {@code checks/completeness.json} into the run directory.
 *
 * <p>Archives: {@link #archive(Path)} also looks for each case under the archive tree (the same
 * relative layout, {@code <archive>/cases/<config>/<inputId>/}); a case is ok when its files are
 * complete locally or there. With marker names ({@link #archive(Path, String, String)}), a case
 * whose done marker exists counts as archived and must be complete in the archive (a half-written
 * copy is {@code missing_files}), and a case with a skipped marker is shown as not archived with
 * the marker's text as the reason. Markers are looked for in the local and the archive case
 * directory.
 *
 * <pre>{@code
 * Audit a = Trialbook.audit(Path.of("runs", "sweep"));
 * a.table();        // case, config, input_id, status, missing_files, case_dir
 * a.isComplete();   // every expected case ok, with every required artifact
 * a.strict();       // throws IncompleteRunException listing the first cases that are not
 * Trialbook.audit(Path.of("runs", "sweep")).archive(Path.of("/mnt/store/sweep"), "ARCHIVE_DONE",
 *     "ARCHIVE_SKIPPED");
 * }</pre>
 */
public final class Audit implements Renderable {
  /** The folder of the run directory the audit writes into. */
  public static final String CHECKS = "checks";
  private static final int SHOWN = 10;
  /** The cases not ok in {@link #toHtml()}: head and tail, 50 rows in all. */
  private static final TableWriter CASES = new TableWriter(SHOWN * 5, 20, 200);

  private final Path runDir;
  private final Path archive;
  private final List<Case> cases;

  /** One expected case and what the audit found. */
  public record Case(String key, String config, String inputId, String status,
      List<String> missingFiles, String caseDir, boolean foundLocal, boolean foundArchive,
      String archiveState) {

    public boolean ok() {
      return status.equals("ok");
    }
  }

  private Audit(Path runDir, Path archive, List<Case> cases) {
    this.runDir = runDir;
    this.archive = archive;
    this.cases = List.copyOf(cases);
  }

  /**
   * Audits {@code runDir} and writes its {@code checks/} files.
   *
   * @throws io.github.trialbook.store.CheckpointException if it holds no readable run
   */
  static Audit of(Path runDir) {
    return build(runDir, null, null, null);
  }

  /** This audit again, also looking in {@code archiveDir}; rewrites the {@code checks/} files. */
  public Audit archive(Path archiveDir) {
    return archive(archiveDir, null, null);
  }

  /**
   * This audit again with an archive and its per-case marker files (either may be null): a done
   * marker means archived, a skipped marker (holding the reason) means not archived.
   */
  public Audit archive(Path archiveDir, String doneMarker, String skippedMarker) {
    if (archiveDir == null) {
      throw new TrialbookException("archive(dir): dir cannot be null; pass the archive's root");
    }
    if (!Files.isDirectory(archiveDir)) {
      throw new TrialbookException("the archive " + archiveDir + " is not a directory; pass the "
          + "root the cases were copied to (holding cases/<config>/<inputId>/)");
    }
    return build(runDir, archiveDir, doneMarker, skippedMarker);
  }

  private static Audit build(Path runDir, Path archive, String done, String skipped) {
    StoredRun run = StoredRun.open(runDir);
    Map<String, TrialRecord> latest = run.latest();
    List<Case> cases = new ArrayList<>();
    for (Config c : run.configs()) {
      for (String id : run.inputIds()) {
        cases.add(check(runDir, archive, done, skipped, c.name(), id, latest.get(c.name() + "/" + id)));
      }
    }
    Audit audit = new Audit(runDir, archive, cases);
    audit.write();
    return audit;
  }

  private static Case check(Path runDir, Path archive, String done, String skipped, String config,
      String inputId, TrialRecord r) {
    Path local = CaseDirectory.of(runDir, config, inputId);
    Path archived = archive == null ? null : archive.resolve(runDir.relativize(local));
    String key = config + "/" + inputId;
    List<String> required = r == null ? List.of() : required(r);
    List<String> localMissing = Artifacts.missing(local, required);
    List<String> archiveMissing = archived == null ? required : Artifacts.missing(archived, required);
    boolean foundLocal = Files.isDirectory(local) && localMissing.isEmpty();
    boolean foundArchive = archived != null && Files.isDirectory(archived) && archiveMissing.isEmpty();
    String state = archiveState(local, archived, done, skipped);
    String status;
    List<String> missing = List.of();
    if (r == null || r.status() == TrialStatus.CANCELLED) {
      status = "missing";
    } else if (r.status() == TrialStatus.STOPPED) {
      status = "stopped"; // left unrun by an early stop: not a failure, not missing files
    } else if (r.status() != TrialStatus.OK) {
      status = "failed";
    } else if (state.equals("archived")) {
      missing = archiveMissing.stream().map(m -> "archive:" + m).toList();
      status = archiveMissing.isEmpty() && archived != null && Files.isDirectory(archived) ? "ok"
          : "missing_files";
      if (status.equals("missing_files") && missing.isEmpty()) {
        missing = List.of("archive:" + archive.relativize(archived));
      }
    } else if (localMissing.isEmpty() || foundArchive) {
      status = "ok";
    } else {
      status = "missing_files";
      missing = localMissing;
    }
    return new Case(key, config, inputId, status, missing, local.toString(), foundLocal,
        foundArchive, state);
  }

  private static String archiveState(Path local, Path archived, String done, String skipped) {
    if (done != null && (Files.exists(local.resolve(done))
        || (archived != null && Files.exists(archived.resolve(done))))) {
      return "archived";
    }
    if (skipped != null) {
      for (Path dir : archived == null ? List.of(local) : List.of(local, archived)) {
        Path marker = dir.resolve(skipped);
        if (Files.isRegularFile(marker)) {
          try {
            String reason = Files.readString(marker, StandardCharsets.UTF_8).strip();
            return "not archived" + (reason.isEmpty() ? "" : ": " + reason);
          } catch (IOException e) {
            return "not archived";
          }
        }
      }
    }
    return "";
  }

  /** The required artifact patterns of the record's process stages. */
  private static List<String> required(TrialRecord r) {
    Set<String> out = new LinkedHashSet<>();
    for (int s = 0; s < r.stageNames().size(); s++) {
      Object o = r.output(s);
      if (o instanceof ProcessResult p) {
        out.addAll(p.required());
      } else if (o instanceof Map<?, ?> m && m.containsKey("exitCode") && m.containsKey("caseDir")
          && m.get("required") instanceof List<?> list) {
        list.forEach(x -> out.add(String.valueOf(x)));
      }
    }
    return List.copyOf(out);
  }

  // --- results -------------------------------------------------------------------------------

  public List<Case> cases() {
    return cases;
  }

  /** True when every expected case is ok and has every required artifact. */
  public boolean isComplete() {
    return cases.stream().allMatch(Case::ok);
  }

  /**
   * This audit if complete.
   *
   * @throws IncompleteRunException listing the first cases that are not ok
   */
  public Audit strict() {
    List<Case> bad = notOk();
    if (bad.isEmpty()) {
      return this;
    }
    StringBuilder sb = new StringBuilder("the run in " + runDir + " is incomplete: " + summary()
        + "; first cases not ok:");
    for (Case c : bad.subList(0, Math.min(SHOWN, bad.size()))) {
      sb.append("\n  ").append(c.key()).append(": ").append(c.status());
      if (!c.missingFiles().isEmpty()) {
        sb.append(" (").append(String.join(", ", c.missingFiles())).append(')');
      }
    }
    if (bad.size() > SHOWN) {
      sb.append("\n  ... and ").append(bad.size() - SHOWN).append(" more");
    }
    sb.append("\nFix: rerun the missing and failed cases (runBatch resumes, rerun(spec, "
        + "Select.failed()) retries), restore deleted files, then audit again");
    throw new IncompleteRunException(sb.toString(), bad.stream().map(Case::key).toList());
  }

  public long expectedCases() {
    return cases.size();
  }

  /** Cases with a finished record (ok, failed or missing files). */
  public long foundCases() {
    return count("ok") + count("failed") + count("missing_files");
  }

  public long missingCases() {
    return count("missing");
  }

  public long failedCases() {
    return count("failed");
  }

  /** Cases an early stop left unrun. */
  public long stoppedCases() {
    return count("stopped");
  }

  public long missingFilesTotal() {
    return cases.stream().mapToLong(c -> c.missingFiles().size()).sum();
  }

  private long count(String status) {
    return cases.stream().filter(c -> c.status().equals(status)).count();
  }

  private List<Case> notOk() {
    return cases.stream().filter(c -> !c.ok()).toList();
  }

  /** The counts in one line. */
  public String summary() {
    return String.format(Locale.ROOT, "%d expected cases: %d found, %d ok, %d missing, %d failed, "
        + "%s%d with missing files (%d files)%s", expectedCases(), foundCases(), count("ok"),
        missingCases(), failedCases(), stoppedCases() == 0 ? "" : stoppedCases() + " stopped, ",
        count("missing_files"), missingFilesTotal(),
        isComplete() ? " — complete" : " — incomplete");
  }

  /** One row per expected case: case, config, input_id, status, missing_files, case_dir (+ archive). */
  public Table table() {
    return table(cases);
  }

  private Table table(List<Case> rows) {
    StringColumn key = StringColumn.create("case");
    StringColumn config = StringColumn.create("config");
    StringColumn input = StringColumn.create("input_id");
    StringColumn status = StringColumn.create("status");
    StringColumn missing = StringColumn.create("missing_files");
    StringColumn dir = StringColumn.create("case_dir");
    BooleanColumn local = BooleanColumn.create("found_local");
    BooleanColumn archived = BooleanColumn.create("found_archive");
    StringColumn state = StringColumn.create("archive");
    for (Case c : rows) {
      key.append(c.key());
      config.append(c.config());
      input.append(c.inputId());
      status.append(c.status());
      missing.append(String.join(";", c.missingFiles()));
      dir.append(c.caseDir());
      local.append(c.foundLocal());
      archived.append(c.foundArchive());
      state.append(c.archiveState());
    }
    Table t = Table.create("completeness", key, config, input, status, missing, dir);
    if (archive != null) {
      t.addColumns(local, archived, state);
    }
    return t;
  }

  // --- files ---------------------------------------------------------------------------------

  private void write() {
    Path dir = runDir.resolve(CHECKS);
    try {
      Files.createDirectories(dir);
      replace(dir.resolve("completeness.csv"), csv());
      replace(dir.resolve("completeness.json"), json());
    } catch (IOException e) {
      throw new TrialbookException("cannot write the audit into " + dir + " (" + e.getMessage()
          + "); check that the run directory is writable", e);
    }
  }

  private static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private String csv() {
    StringBuilder sb = new StringBuilder("case,config,input_id,status,missing_files,case_dir");
    if (archive != null) {
      sb.append(",found_local,found_archive,archive");
    }
    sb.append('\n');
    for (Case c : cases) {
      List<String> cells = new ArrayList<>(List.of(c.key(), c.config(), c.inputId(), c.status(),
          String.join(";", c.missingFiles()), c.caseDir()));
      if (archive != null) {
        cells.addAll(List.of(Boolean.toString(c.foundLocal()), Boolean.toString(c.foundArchive()),
            c.archiveState()));
      }
      for (int i = 0; i < cells.size(); i++) {
        sb.append(i == 0 ? "" : ",").append(csvCell(cells.get(i)));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String csvCell(String s) {
    boolean quote = s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r");
    return quote ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private String json() throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("run_dir", runDir.toString());
      if (archive != null) {
        g.writeStringField("archive", archive.toString());
      }
      g.writeNumberField("expected_cases", expectedCases());
      g.writeNumberField("found_cases", foundCases());
      g.writeNumberField("missing_cases", missingCases());
      g.writeNumberField("failed_cases", failedCases());
      g.writeNumberField("stopped_cases", stoppedCases());
      g.writeNumberField("missing_files_total", missingFilesTotal());
      g.writeBooleanField("complete", isComplete());
      g.writeArrayFieldStart("not_ok");
      for (Case c : notOk()) {
        g.writeStartObject();
        g.writeStringField("case", c.key());
        g.writeStringField("status", c.status());
        g.writeArrayFieldStart("missing_files");
        for (String m : c.missingFiles()) {
          g.writeString(m);
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    return out + "\n";
  }

  // --- rendering -----------------------------------------------------------------------------

  @Override
  public String toText() {
    StringBuilder sb = new StringBuilder("audit of ").append(runDir).append(": ").append(summary());
    List<Case> bad = notOk();
    for (Case c : bad.subList(0, Math.min(SHOWN, bad.size()))) {
      sb.append("\n  ").append(c.key()).append(": ").append(c.status());
      if (!c.missingFiles().isEmpty()) {
        sb.append(" (").append(String.join(", ", c.missingFiles())).append(')');
      }
      if (!c.archiveState().isEmpty()) {
        sb.append(" [").append(c.archiveState()).append(']');
      }
    }
    if (bad.size() > SHOWN) {
      sb.append("\n  ... and ").append(bad.size() - SHOWN).append(" more");
    }
    return PlainText.escape(sb.toString()); // file names and case keys come from the run
  }

  @Override
  public String toHtml() {
    StringBuilder sb = new StringBuilder("<div class=\"trialbook-audit\"><p><b>audit</b> ")
        .append(Html.escape(runDir)).append(": ").append(Html.escape(summary())).append("</p>");
    List<Case> bad = notOk();
    if (!bad.isEmpty()) {
      sb.append(CASES.html(null, table(bad), List.of()));
    }
    return sb.append("</div>").toString();
  }

  @Override
  public String toString() {
    return toText();
  }
}
