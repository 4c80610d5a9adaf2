package io.github.trialbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.sweep.Sweep;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ProcessStageTest {
  @TempDir
  Path tmp;

  @Test
  void aSweepOf24CasesRunsEachInItsOwnDirectoryWithItsIdentityAndTmp() throws Exception {
    Path script = Scripts.sim(tmp);
    Path runDir = tmp.resolve("run");
    List<Config> configs = Sweep.grid(Map.of("T", List.of(300, 350, 400), "eps",
        List.of(0.1, 1.0), "tau", List.of(1e-3, 1e-2))).configs();
    BatchSpec<String> spec = Trialbook.batch("sweep", List.of("s1", "s2"), s -> s)
        .configs(configs)
        .stage("sim", ProcessStage.command(t -> List.of(script.toString(), "--T",
                t.config().stringParam("T"))).env(Map.of("SKIP_PIP", "1"))
            .require("out/summary.json", "out/run_config.json", "out/series/*.parquet").build())
        .runDir(runDir).parallelism(4).consoleProgress(false).build();
    BatchResult r = Trialbook.runBatch(spec);
    Invariants.assertConsistent(r);
    assertThat(r.ok()).isEqualTo(24);
    Set<String> caseDirs = new HashSet<>();
    Set<String> seeds = new HashSet<>();
    String runId = null;
    for (TrialRecord rec : r.records()) {
      Path dir = runDir.resolve("cases").resolve(rec.config()).resolve(rec.inputId());
      assertThat(caseDirs.add(dir.toString())).isTrue();
      Map<String, String> env = env(dir.resolve("out/env.txt"));
      assertThat(env).containsEntry("TRIALBOOK_BATCH", "sweep")
          .containsEntry("TRIALBOOK_TRIAL", rec.key())
          .containsEntry("TRIALBOOK_CONFIG", rec.config())
          .containsEntry("TRIALBOOK_INPUT_ID", rec.inputId())
          .containsEntry("TRIALBOOK_ATTEMPT", "1")
          .containsEntry("TRIALBOOK_CASE_DIR", dir.toAbsolutePath().toString())
          .containsEntry("TMPDIR", dir.resolve("tmp").toAbsolutePath().toString())
          .containsEntry("TMP", dir.resolve("tmp").toAbsolutePath().toString())
          .containsEntry("TEMP", dir.resolve("tmp").toAbsolutePath().toString())
          .containsEntry("OMP_NUM_THREADS", "1").containsEntry("MKL_NUM_THREADS", "1")
          .containsEntry("OPENBLAS_NUM_THREADS", "1").containsEntry("NUMEXPR_NUM_THREADS", "1")
          .containsEntry("NUMBA_NUM_THREADS", "1").containsEntry("VECLIB_MAXIMUM_THREADS", "1")
          .containsEntry("SKIP_PIP", "1")
          .containsKeys("TRIALBOOK_PARAM_T", "TRIALBOOK_PARAM_EPS", "TRIALBOOK_PARAM_TAU");
      Config c = configs.stream().filter(x -> x.name().equals(rec.config())).findFirst().get();
      assertThat(env.get("TRIALBOOK_PARAM_T")).isEqualTo(c.stringParam("T"));
      runId = runId == null ? env.get("TRIALBOOK_RUN_ID") : runId;
      assertThat(env.get("TRIALBOOK_RUN_ID")).isEqualTo(runId).isNotBlank();
      seeds.add(env.get("TRIALBOOK_SEED"));
      assertThat(Files.readString(dir.resolve("out/pwd.txt")).strip())
          .isEqualTo(dir.toAbsolutePath().toRealPath().toString());
      assertThat(Files.readString(dir.resolve("out/tmp-before.txt")).strip()).isEqualTo("0");
      assertThat(Files.readString(dir.resolve("tmp/mine")).strip()).isEqualTo(rec.key());
      assertThat(Files.readString(dir.resolve("stdout.log"))).isEqualTo("done\n");
      assertThat(Files.readString(dir.resolve("stderr.log"))).isEqualTo("working on " + rec.key()
          + "\n");
    }
    assertThat(caseDirs).hasSize(24);
    assertThat(seeds).hasSize(24);
    Table t = r.table();
    assertThat(t.intColumn("sim.exitCode").asList()).containsOnly(0);
    assertThat(t.stringColumn("sim.caseDir").asList()).doesNotHaveDuplicates();
    assertThat(t.columnNames()).contains("T", "eps", "tau", "sim.pid", "sim.elapsedMs",
        "sim.stderrTail", "sim.artifacts");
    // a checkpointed batch's outputs come back from the trial log in their stored form
    Map<?, ?> first = (Map<?, ?>) r.records().get(0).output(0);
    assertThat(first.get("artifacts")).isEqualTo(List.of("out/summary.json",
        "out/run_config.json", "out/series/a.parquet"));
    assertThat(first.get("stderrTail")).isEqualTo(List.of("working on "
        + r.records().get(0).key()));
    assertThat(runDir.resolve("processes").toFile().listFiles()).as("process records").allMatch(f -> f.length() == 0);
  }

  @Test
  void exitCodesSignalsAndMissingArtifactsFailOnlyTheirTrial() throws Exception {
    Path script = Scripts.write(tmp, "varied.sh", """
        case "$TRIALBOOK_INPUT_ID" in
          exit3) echo "bad input line 7" >&2; exit 3 ;;
          signal) echo "about to die" >&2; kill -9 $$ ;;
          noartifact) echo ok ;;
          *) mkdir -p out/series; echo '{}' > out/summary.json; echo x > out/series/1.parquet ;;
        esac
        """);
    BatchSpec<String> spec = Trialbook.batch("codes", List.of("exit3", "signal", "noartifact",
            "fine"), s -> s)
        .configs(Config.of("A", Map.of("api_key", "sk-secret-123")))
        .stage("sim", ProcessStage.command(t -> List.of(script.toString(), "--token",
            t.config().stringParam("api_key"))).require("out/summary.json", "out/series/*.parquet")
            .build())
        .runDir(tmp.resolve("run")).parallelism(2).consoleProgress(false).build();
    BatchResult r = Trialbook.runBatch(spec);
    Invariants.assertConsistent(r);
    Map<String, TrialRecord> byId = r.records().stream()
        .collect(Collectors.toMap(TrialRecord::inputId, x -> x));
    assertThat(byId.get("fine").status()).isEqualTo(TrialStatus.OK);
    TrialRecord exit3 = byId.get("exit3");
    assertThat(exit3.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(exit3.error().exceptionClass()).endsWith("ProcessFailedException");
    assertThat(exit3.error().message()).contains("exited with code 3").contains("bad input line 7")
        .contains("--token ***").doesNotContain("sk-secret-123");
    TrialRecord signal = byId.get("signal");
    assertThat(signal.error().message()).contains("killed by signal 9 (KILL)")
        .contains("about to die");
    TrialRecord none = byId.get("noartifact");
    assertThat(none.error().exceptionClass()).endsWith("MissingArtifactsException");
    assertThat(none.error().message()).contains("did not write 2 required artifacts")
        .contains("out/summary.json, out/series/*.parquet");
    assertThat(Files.readString(tmp.resolve("run/trials.jsonl"))).doesNotContain("sk-secret-123");
  }

  @Test
  void aRetryMovesThePreviousAttemptAside() throws Exception {
    Path script = Scripts.write(tmp, "flaky.sh", """
        echo "attempt $TRIALBOOK_ATTEMPT" > result.txt
        ls -A "$TMPDIR" > tmp-listing.txt
        touch "$TMPDIR/leftover"
        [ "$TRIALBOOK_ATTEMPT" -ge 3 ]
        """);
    BatchSpec<String> spec = Trialbook.batch("retry", List.of("x"), s -> s)
        .stage("sim", ProcessStage.command(t -> List.of(script.toString())).require("result.txt")
            .build())
        .retry(Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(2)))
        .runDir(tmp.resolve("run")).parallelism(1).consoleProgress(false).build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(1);
    Path dir = CaseDirectory.of(tmp.resolve("run"), "default", "x");
    assertThat(Files.readString(dir.resolve("result.txt"))).isEqualTo("attempt 3\n");
    assertThat(Files.readString(dir.resolve("attempt-1/result.txt"))).isEqualTo("attempt 1\n");
    assertThat(Files.readString(dir.resolve("attempt-2/result.txt"))).isEqualTo("attempt 2\n");
    assertThat(Files.readString(dir.resolve("tmp-listing.txt"))).isEmpty();
    assertThat(dir.resolve("attempt-1/stderr.log")).exists();
  }

  @Test
  void aStageWithAResourceLeavesTheCapsToTheUserAndSharesTheCaseDirectory() throws Exception {
    Path script = Scripts.write(tmp, "caps.sh", "echo \"${OMP_NUM_THREADS:-unset} $MKL_NUM_THREADS\" > caps.txt\n");
    BatchSpec<String> spec = Trialbook.batch("caps", List.of("x"), s -> s)
        .stage("first", ProcessStage.command(t -> List.of("/bin/sh", "-c", "echo 1 > first.txt")).build())
        .stage("gpu", "gpu", ProcessStage.command(t -> List.of(script.toString())).build())
        .limit("gpu", 1)
        .runDir(tmp.resolve("run")).parallelism(1).consoleProgress(false).build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(1);
    Path dir = CaseDirectory.of(tmp.resolve("run"), "default", "x");
    String inherited = System.getenv().getOrDefault("OMP_NUM_THREADS", "unset");
    assertThat(Files.readString(dir.resolve("caps.txt"))).startsWith(inherited + " ");
    assertThat(Files.readString(dir.resolve("first.txt"))).isEqualTo("1\n");
    assertThat(dir.resolve("attempt-1")).doesNotExist(); // the second stage works in the first's directory
  }

  @Test
  void threadsSetsEveryCap() throws Exception {
    Path script = Scripts.write(tmp, "caps.sh",
        "echo \"$OMP_NUM_THREADS $MKL_NUM_THREADS $VECLIB_MAXIMUM_THREADS\" > caps.txt\n");
    BatchSpec<String> spec = Trialbook.batch("caps", List.of("x"), s -> s)
        .stage("three", ProcessStage.command(t -> List.of(script.toString())).threads(3).build())
        .runDir(tmp.resolve("run")).parallelism(1).consoleProgress(false).build();
    assertThat(Trialbook.runBatch(spec).ok()).isEqualTo(1);
    assertThat(Files.readString(CaseDirectory.of(tmp.resolve("run"), "default", "x").resolve("caps.txt")))
        .isEqualTo("3 3 3\n");
  }

  @Test
  void unsafeInputIdsGetDistinctSafeFolders() {
    assertThat(CaseDirectory.folderOf("doc-1")).isEqualTo("doc-1");
    assertThat(CaseDirectory.folderOf("a/b")).matches("a_b_[0-9a-f]{8}");
    assertThat(CaseDirectory.folderOf("a:b")).isNotEqualTo(CaseDirectory.folderOf("a/b"));
    assertThat(CaseDirectory.folderOf("..")).matches("id_[0-9a-f]{8}");
  }

  private static Map<String, String> env(Path file) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String line : Files.readAllLines(file)) {
      int eq = line.indexOf('=');
      out.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return out;
  }
}
