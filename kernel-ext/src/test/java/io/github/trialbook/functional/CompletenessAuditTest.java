package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.Audit;
import io.github.trialbook.BatchResult;
import io.github.trialbook.IncompleteRunException;
import io.github.trialbook.cli.Main;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.process.CaseDirectory;
import io.github.trialbook.process.ProcessStage;
import io.github.trialbook.sweep.Sweep;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class CompletenessAuditTest {
  @TempDir
  Path tmp;

  private Path runDir;
  private BatchResult result;

  @BeforeEach
  void runASweep() throws Exception {
    Path script = tmp.resolve("sim.sh");
    Files.writeString(script, """
        #!/bin/sh
        if [ "$TRIALBOOK_PARAM_T" = 3 ] && [ "$TRIALBOOK_INPUT_ID" = b ]; then
          echo "diverged" >&2; exit 4
        fi
        mkdir -p out/series; echo '{}' > out/summary.json; echo x > out/series/1.parquet
        """);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    runDir = tmp.resolve("run");
    BatchSpec<String> spec = spec(runDir, script);
    result = Trialbook.runBatch(spec);
    assertThat(result.ok()).isEqualTo(8);
  }

  @Test
  void aFailedCaseMakesTheRunIncompleteAndStrictThrows() throws Exception {
    Audit a = result.audit();
    assertThat(a.expectedCases()).isEqualTo(9);
    assertThat(a.failedCases()).isEqualTo(1);
    assertThat(a.isComplete()).isFalse();
    Table t = a.table();
    assertThat(t.columnNames()).containsExactly("case", "config", "input_id", "status",
        "missing_files", "case_dir");
    assertThat(t.where(t.stringColumn("status").isEqualTo("failed")).stringColumn("case").asList())
        .containsExactly("T3/b");
    assertThatThrownBy(a::strict).isInstanceOf(IncompleteRunException.class)
        .hasMessageContaining("T3/b: failed").hasMessageContaining("1 failed");
    JsonNode json = new ObjectMapper().readTree(runDir.resolve("checks/completeness.json").toFile());
    assertThat(json.get("expected_cases").asInt()).isEqualTo(9);
    assertThat(json.get("found_cases").asInt()).isEqualTo(9);
    assertThat(json.get("failed_cases").asInt()).isEqualTo(1);
    assertThat(json.get("missing_cases").asInt()).isEqualTo(0);
    assertThat(json.get("missing_files_total").asInt()).isEqualTo(0);
    List<String> csv = Files.readAllLines(runDir.resolve("checks/completeness.csv"));
    assertThat(csv).hasSize(10).first().isEqualTo("case,config,input_id,status,missing_files,case_dir");
  }

  @Test
  void aDeletedArtifactIsMissingFilesAndRemovedRecordsAreMissing() throws Exception {
    Path caseDir = CaseDirectory.of(runDir, "T1", "a");
    Files.delete(caseDir.resolve("out/series/1.parquet"));
    List<String> lines = Files.readAllLines(runDir.resolve("trials.jsonl"));
    Files.write(runDir.resolve("trials.jsonl"), lines.stream()
        .filter(l -> !(l.contains("\"config\":\"T2\"") && l.contains("\"input\":\"a\""))).toList());
    Audit a = Trialbook.audit(runDir);
    Map<String, Audit.Case> byKey = a.cases().stream()
        .collect(java.util.stream.Collectors.toMap(Audit.Case::key, c -> c));
    assertThat(byKey.get("T1/a").status()).isEqualTo("missing_files");
    assertThat(byKey.get("T1/a").missingFiles()).containsExactly("out/series/*.parquet");
    assertThat(byKey.get("T2/a").status()).isEqualTo("missing");
    assertThat(byKey.get("T2/b").status()).isEqualTo("ok");
    assertThat(a.missingCases()).isEqualTo(1);
    assertThat(a.missingFilesTotal()).isEqualTo(1);
    String html = a.toHtml();
    assertThat(html).startsWith("<div class=\"trialbook-audit\"><p><b>audit</b>")
        .contains("9 expected cases").contains("T2/a").contains("missing_files");
    assertThat(a.toText()).contains("T1/a: missing_files (out/series/*.parquet)");
    assertThatThrownBy(a::strict).hasMessageContaining("T2/a: missing")
        .hasMessageContaining("T1/a: missing_files (out/series/*.parquet)");
  }

  @Test
  void untrustedTextIsEscapedInTheRenderedAudit() throws Exception {
    Path caseDir = CaseDirectory.of(runDir, "T1", "<i>&");
    Files.delete(caseDir.resolve("out/summary.json"));
    String html = Trialbook.audit(runDir).toHtml();
    assertThat(html).contains("T1/&lt;i&gt;&amp;").doesNotContain("<i>&");
  }

  @Test
  void theArchiveCountsAndItsMarkersAreHonoured() throws Exception {
    Path archive = tmp.resolve("archive");
    Path local = CaseDirectory.of(runDir, "T1", "a");
    Path copy = archive.resolve(runDir.relativize(local));
    Files.createDirectories(copy.resolve("out/series"));
    Files.copy(local.resolve("out/summary.json"), copy.resolve("out/summary.json"));
    Files.copy(local.resolve("out/series/1.parquet"), copy.resolve("out/series/1.parquet"));
    Files.delete(local.resolve("out/summary.json"));
    Path halfLocal = CaseDirectory.of(runDir, "T2", "a");
    Path half = archive.resolve(runDir.relativize(halfLocal));
    Files.createDirectories(half.resolve("out"));
    Files.copy(halfLocal.resolve("out/summary.json"), half.resolve("out/summary.json"));
    Files.writeString(halfLocal.resolve("ARCHIVE_DONE"), "");
    Files.writeString(CaseDirectory.of(runDir, "T1", "b").resolve("ARCHIVE_SKIPPED"), "too large\n");

    Audit plain = Trialbook.audit(runDir);
    assertThat(status(plain, "T1/a")).isEqualTo("missing_files");
    Audit a = plain.archive(archive, "ARCHIVE_DONE", "ARCHIVE_SKIPPED");
    Audit.Case archived = find(a, "T1/a");
    assertThat(archived.status()).isEqualTo("ok");
    assertThat(archived.foundLocal()).isFalse();
    assertThat(archived.foundArchive()).isTrue();
    Audit.Case halfWritten = find(a, "T2/a");
    assertThat(halfWritten.archiveState()).isEqualTo("archived");
    assertThat(halfWritten.status()).isEqualTo("missing_files");
    assertThat(halfWritten.missingFiles()).containsExactly("archive:out/series/*.parquet");
    assertThat(find(a, "T1/b").archiveState()).isEqualTo("not archived: too large");
    assertThat(find(a, "T1/b").status()).isEqualTo("ok");
    assertThat(a.table().columnNames()).contains("found_local", "found_archive", "archive");
    assertThat(Files.readString(runDir.resolve("checks/completeness.csv")))
        .contains("T1/b,T1,b,ok,,").contains("not archived: too large");
  }

  @Test
  void theCommandLineExitsZeroOneOrTwo() throws Exception {
    assertThat(cli(runDir.toString())).isEqualTo(0);
    assertThat(cli(runDir.toString(), "--strict")).isEqualTo(1);
    assertThat(cli(tmp.resolve("nothing").toString())).isEqualTo(2);
    assertThat(cli()).isEqualTo(2);
    assertThat(cli("--help")).isEqualTo(0);
    assertThat(Files.readString(tmp.resolve("cli.out"))).contains("usage:");
    // a complete run: rerun the failure with a fixed script
    Files.writeString(tmp.resolve("sim.sh"), """
        #!/bin/sh
        mkdir -p out/series; echo '{}' > out/summary.json; echo x > out/series/1.parquet
        """);
    Trialbook.rerun(spec(runDir, tmp.resolve("sim.sh")), Select.failed());
    assertThat(cli(runDir.toString(), "--strict")).isEqualTo(0);
    assertThat(Files.readString(tmp.resolve("cli.out"))).contains("complete");
  }

  private int cli(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new java.util.ArrayList<>(List.of(java, "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "audit"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("cli.out").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static Audit.Case find(Audit a, String key) {
    return a.cases().stream().filter(c -> c.key().equals(key)).findFirst().orElseThrow();
  }

  private static String status(Audit a, String key) {
    return find(a, key).status();
  }

  private static BatchSpec<String> spec(Path runDir, Path script) {
    return Trialbook.batch("audited", List.of("a", "b", "<i>&"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(1, 2, 3))).configs())
        .stage("sim", ProcessStage.command(t -> List.of(script.toString()))
            .require("out/summary.json", "out/series/*.parquet").build())
        .runDir(runDir).parallelism(2).consoleProgress(false).build();
  }
}
