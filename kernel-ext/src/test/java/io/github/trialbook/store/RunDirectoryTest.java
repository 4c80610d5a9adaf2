package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.TrialRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  @TempDir
  Path tmp;

  private static final Config A = Config.of("A", Map.of("model", "m1", "threshold", 0.5));
  private static final Config B = Config.of("B", Map.of("model", "m2"));

  private static void runAndFinish(Path dir, BatchSpec<?> spec, TrialRecord... records) {
    try (RunDirectory run = RunDirectory.open(dir, spec, false)) {
      try (JsonlTrialSink sink = run.openSink(spec.checkpoint())) {
        for (TrialRecord r : records) {
          sink.append(r);
        }
      }
      run.finish(RunStatus.FINISHED, RunCounts.of(spec.trialCount(), List.of(records)));
    }
  }

  @Test
  void aFreshRunWritesAManifestAndAReopenContinuesIt() throws Exception {
    Path dir = tmp.resolve("runs").resolve("demo");
    BatchSpec<String> spec = Fixtures.spec(A, B);
    try (RunDirectory run = RunDirectory.open(dir, spec, false)) {
      assertThat(run.previousStatus()).isEmpty();
      assertThat(run.notes()).isEmpty();
      Manifest m = Manifest.read(dir);
      assertThat(m.status()).isEqualTo(RunStatus.RUNNING);
      assertThat(m.batch()).isEqualTo("demo");
      assertThat(m.parallelism()).isEqualTo(2);
      assertThat(m.jdk()).contains(Runtime.version().toString());
      assertThat(m.host()).isNotBlank();
      assertThat(m.sessions()).isEqualTo(1);
      assertThat(m.stageNames()).containsExactly("s1", "s2");
      assertThat(m.configs()).containsExactly(A, B);
      assertThat(m.fingerprint().inputCount()).isEqualTo(3);
      assertThat(m.endedAt()).isNull();
      try (JsonlTrialSink sink = run.openSink(spec.checkpoint())) {
        sink.append(Fixtures.ok("A", "doc-1", 0, 1, 2));
        sink.append(Fixtures.failed("B", "doc-1", 1, "boom"));
      }
      run.finish(RunStatus.FINISHED, RunCounts.of(6, List.of(Fixtures.ok("A", "doc-1", 0, 1, 2),
          Fixtures.failed("B", "doc-1", 1, "boom"))));
    }
    Manifest done = Manifest.read(dir);
    assertThat(done.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(done.endedAt()).isNotNull();
    assertThat(done.counts()).isEqualTo(new RunCounts(6, 1, 1, 0, 0));
    assertThat(done.counts().pending()).isEqualTo(4);
    assertThat(Files.readAllLines(dir.resolve("input-ids.txt")))
        .containsExactly("doc-1", "doc-2", "doc-3");
    assertThat(Stream.of(dir.toFile().list())).doesNotContain("manifest.json.tmp");

    try (RunDirectory again = RunDirectory.open(dir, spec, false)) {
      assertThat(again.previousStatus()).contains(RunStatus.FINISHED);
      assertThat(finishedKeys(again.scan().store())).containsExactlyInAnyOrder("A/doc-1", "B/doc-1");
      assertThat(again.scan().nextSeq()).isEqualTo(2);
      assertThat(again.manifest().sessions()).isEqualTo(2);
      assertThat(again.manifest().startedAt()).isEqualTo(done.startedAt());
      assertThat(again.manifest().counts().ok()).isEqualTo(1);
    }
  }

  @Test
  void anInterruptedThreadStillRecordsTheEndOfItsRun() {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.open(dir, Fixtures.spec(A), false);
    Thread.currentThread().interrupt(); // a notebook interrupt cancelled the batch
    try {
      run.finish(RunStatus.CANCELLED, RunCounts.empty(3));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(Manifest.read(dir).status()).isEqualTo(RunStatus.CANCELLED);
  }

  @Test
  void aRunFoundRunningWasCrashedAndIsReportedSo() throws Exception {
    Path dir = tmp.resolve("run");
    BatchSpec<String> spec = Fixtures.spec(A);
    RunDirectory crashed = RunDirectory.open(dir, spec, false);
    // a killed process leaves manifest "running" and its lock released by the OS
    byte[] running = Files.readAllBytes(dir.resolve("manifest.json"));
    crashed.close();
    Files.write(dir.resolve("manifest.json"), running);
    assertThat(StoredRun.open(dir).status()).isEqualTo(RunStatus.CRASHED);

    try (RunDirectory resumed = RunDirectory.open(dir, spec, false)) {
      assertThat(resumed.previousStatus()).contains(RunStatus.CRASHED);
      assertThat(resumed.notes()).anyMatch(n -> n.contains("did not finish: it crashed"));
      // while this session holds the directory, a reader sees it live, and a writer is refused
      assertThat(StoredRun.open(dir).status()).isEqualTo(RunStatus.RUNNING);
      assertThatThrownBy(() -> RunDirectory.open(dir, spec, false))
          .isInstanceOf(CheckpointException.class).hasMessageContaining("in use by another batch");
    }
  }

  @Test
  void aDifferentSpecIsRefusedWithWhatDiffersAndHowToProceed() {
    Path dir = tmp.resolve("run");
    runAndFinish(dir, Fixtures.spec(List.of("doc-1", "doc-2", "doc-3"), A, B));
    BatchSpec<String> changed = BatchSpec.<String>builder("demo",
            List.of("doc-1", "doc-3", "doc-4", "doc-5"), s -> s)
        .configs(Config.of("A", Map.of("model", "m1", "threshold", 0.7, "topK", 3)),
            Config.of("C"))
        .stage("s1", t -> null).stage(Stage.<String>of("judge", t -> null).withResource("gpu"))
        .limit("gpu", 1).consoleProgress(false).build();
    assertThatThrownBy(() -> RunDirectory.open(dir, changed, false))
        .isInstanceOf(FingerprintMismatchException.class)
        .hasMessageContaining(dir + " holds a run of another spec")
        .hasMessageContaining("configs added: C")
        .hasMessageContaining("configs removed: B")
        .hasMessageContaining("config A params changed: ")
        .hasMessageContaining("threshold 0.5 -> 0.7")
        .hasMessageContaining("topK added (3)")
        .hasMessageContaining("stage renamed: s2 -> judge")
        .hasMessageContaining("inputs changed: 3 -> 4 inputs, 2 added (e.g. doc-4, doc-5), "
            + "1 removed (e.g. doc-2)")
        .hasMessageContaining("give this spec a new runDir")
        .hasMessageContaining("continueOnMismatch(true)")
        .satisfies(e -> assertThat(((FingerprintMismatchException) e).differences()).hasSize(5));
    // refused means untouched
    assertThat(Manifest.read(dir).status()).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void stageResourceChangesAndRemovalsAreNamed() {
    Path dir = tmp.resolve("run");
    runAndFinish(dir, Fixtures.spec(A));
    BatchSpec<String> changed = BatchSpec.<String>builder("demo", List.of("doc-1", "doc-2",
            "doc-3"), s -> s).configs(A)
        .stage(Stage.<String>of("s1", t -> null).withResource("gpu")).limit("gpu", 2)
        .consoleProgress(false).build();
    assertThatThrownBy(() -> RunDirectory.open(dir, changed, false))
        .hasMessageContaining("stages removed: s2")
        .hasMessageContaining("stage s1 resource changed: none -> gpu");
  }

  @Test
  void continuingAnywayIsAllowedAndRecorded() {
    Path dir = tmp.resolve("run");
    runAndFinish(dir, Fixtures.spec(List.of("doc-1"), A), Fixtures.ok("A", "doc-1", 0, 1, 2));
    BatchSpec<String> more = Fixtures.spec(List.of("doc-1", "doc-2"), A);
    try (RunDirectory run = RunDirectory.open(dir, more, true)) {
      assertThat(run.notes()).anyMatch(n -> n.contains("although the spec differs")
          && n.contains("1 added (e.g. doc-2)"));
      assertThat(finishedKeys(run.scan().store())).containsExactly("A/doc-1");
      run.finish(RunStatus.FINISHED, RunCounts.empty(2));
    }
    // the manifest now holds the new fingerprint: the same spec opens without the option
    try (RunDirectory run = RunDirectory.open(dir, more, false)) {
      assertThat(run.manifest().fingerprint().inputCount()).isEqualTo(2);
    }
  }

  @Test
  void paramsThatLookSecretNeverReachAnyFile() throws Exception {
    Path dir = tmp.resolve("run");
    Config secretive = Config.of("A", Map.of("model", "m1", "apiKey", "sk-AAAA1111",
        "token", "tok-BBBB2222", "db", Map.of("password", "pw-CCCC3333"),
        "headers", Map.of("Authorization", "Bearer auth-DDDD4444")));
    BatchSpec<String> spec = Fixtures.spec(secretive);
    runAndFinish(dir, spec,
        Fixtures.failed("A", "doc-1", 0, "401: key sk-AAAA1111 rejected, token tok-BBBB2222"),
        Fixtures.ok("A", "doc-2", 1, Map.of("echo", "pw-CCCC3333 auth-DDDD4444"), null));
    // a mismatch message must not leak them either
    Config rotated = Config.of("A", Map.of("model", "m2", "apiKey", "sk-EEEE5555",
        "token", "tok-BBBB2222", "db", Map.of("password", "pw-CCCC3333"),
        "headers", Map.of("Authorization", "Bearer auth-DDDD4444")));
    Throwable mismatch = org.assertj.core.api.Assertions.catchThrowable(
        () -> RunDirectory.open(dir, Fixtures.spec(rotated), false));
    assertThat(mismatch).hasMessageContaining("model m1 -> m2");

    List<String> secrets = List.of("sk-AAAA1111", "tok-BBBB2222", "pw-CCCC3333",
        "auth-DDDD4444", "sk-EEEE5555");
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        for (String s : secrets) {
          assertThat(text).as(f + " must not contain " + s).doesNotContain(s);
        }
      }
    }
    assertThat(mismatch.getMessage()).doesNotContain(secrets.toArray(new String[0]));
    String manifest = Files.readString(dir.resolve("manifest.json"));
    assertThat(manifest).contains("\"apiKey\" : \"***\"").contains("\"password\" : \"***\"");
    assertThat(StoredRun.open(dir).latest().get("A/doc-1").error().message())
        .isEqualTo("401: key *** rejected, token ***");
    // rotating only a key is the same run
    Config keyRotated = Config.of("A", Map.of("model", "m1", "apiKey", "sk-FFFF6666",
        "token", "tok-BBBB2222", "db", Map.of("password", "pw-CCCC3333"),
        "headers", Map.of("Authorization", "Bearer auth-DDDD4444")));
    try (RunDirectory run = RunDirectory.open(dir, Fixtures.spec(keyRotated), false)) {
      assertThat(run.scan().store().count()).isEqualTo(2);
    }
  }

  @Test
  void aRunDirectoryThatIsAFileIsAClearError() throws Exception {
    Path file = Files.writeString(tmp.resolve("results.csv"), "a,b\n");
    assertThatThrownBy(() -> RunDirectory.open(file, Fixtures.spec(A), false))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file + " is a file, not a directory")
        .hasMessageContaining("pass a directory path to runDir");
    assertThat(Files.readString(file)).isEqualTo("a,b\n");
    assertThatThrownBy(() -> StoredRun.open(file)).hasMessageContaining("it is a file");
  }

  @Test
  void aRunDirectoryUnderAFileCannotBeCreated() throws Exception {
    // root ignores permission bits, so "unwritable" is made with a regular file as parent
    Path file = Files.writeString(tmp.resolve("plain"), "x");
    Path dir = file.resolve("run");
    assertThatThrownBy(() -> RunDirectory.open(dir, Fixtures.spec(A), false))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("pass another runDir");
  }

  @Test
  void aStoredRunNeedsNoSpec() {
    Path dir = tmp.resolve("run");
    runAndFinish(dir, Fixtures.spec(A, B), Fixtures.ok("A", "doc-1", 0, Double.NaN, null),
        Fixtures.ok("B", "doc-2", 1, 1, 2));
    StoredRun run = StoredRun.open(dir);
    assertThat(run.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(run.configs()).extracting(Config::name).containsExactly("A", "B");
    assertThat(run.stageNames()).containsExactly("s1", "s2");
    assertThat(run.inputIds()).containsExactly("doc-1", "doc-2", "doc-3");
    assertThat(run.latest().get("A/doc-1").output(0)).isEqualTo(Double.NaN);
    assertThat(run.store().get(0).output(0)).as("read through the store").isEqualTo(Double.NaN);
    assertThat(run.store().get(3).key()).isEqualTo("B/doc-2");
    assertThat(run.store().count()).isEqualTo(2);
    assertThatThrownBy(() -> StoredRun.open(tmp.resolve("nothing")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aLogWithoutManifestIsNotAdopted() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("run"));
    Files.write(dir.resolve("trials.jsonl"), RecordCodec.plain().encode(Fixtures.ok("A", "d", 0,
        1, 2)));
    assertThatThrownBy(() -> RunDirectory.open(dir, Fixtures.spec(A), false))
        .hasMessageContaining("holds a trial log but no manifest.json");
  }

  /** The keys whose latest record finished, as a resume sees them. */
  private static List<String> finishedKeys(TrialStore store) {
    List<String> keys = new java.util.ArrayList<>();
    for (int t = 0; t < store.trials(); t++) {
      if (store.has(t) && store.status(t).isFinished()) {
        keys.add(store.config(t) + "/" + store.inputId(t));
      }
    }
    return keys;
  }
}
