package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialLogTest {
  @TempDir
  Path dir;

  private final RecordCodec codec = RecordCodec.plain();

  private Path write(TrialRecord... records) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (TrialRecord r : records) {
      out.write(codec.encode(r));
    }
    Path file = dir.resolve("trials.jsonl");
    Files.write(file, out.toByteArray());
    return file;
  }

  @Test
  void theLatestRecordPerKeyWinsBySeqAndHistoryKeepsTheRest() throws Exception {
    Path file = write(
        Fixtures.failed("A", "doc-1", 0, "first try"),
        Fixtures.ok("A", "doc-2", 1, "x", null),
        Fixtures.ok("A", "doc-1", 5, "third", null),
        Fixtures.failed("A", "doc-1", 3, "second try")); // written late, but older by seq
    TrialLog log = TrialLog.read(file);
    assertThat(log.latest()).hasSize(2);
    assertThat(log.latest().get("A/doc-1").seq()).isEqualTo(5);
    assertThat(log.latest().get("A/doc-1").status()).isEqualTo(TrialStatus.OK);
    assertThat(log.nextSeq()).isEqualTo(6);
    assertThat(log.records()).isEqualTo(4);
    assertThat(log.history("A/doc-1")).extracting(TrialRecord::seq).containsExactly(0L, 3L, 5L);
    assertThat(log.history("A/doc-1").get(1).error().message()).isEqualTo("second try");
    assertThat(log.history("A/doc-2")).hasSize(1);
    assertThat(log.history("A/none")).isEmpty();
    assertThat(log.finishedKeys()).containsExactlyInAnyOrder("A/doc-1", "A/doc-2");
    assertThat(scannedFinishedKeys(file)).containsExactlyInAnyOrder("A/doc-1", "A/doc-2");
  }

  @Test
  void cancelledTrialsAreNotFinished() throws Exception {
    TrialRecord ok = Fixtures.ok("A", "doc-1", 0, 1, 2);
    TrialRecord cancelled = new TrialRecord("A", "doc-2", TrialStatus.CANCELLED, 0, 1, 0, 0,
        Fixtures.TWO_STAGES, new Object[2], new long[2], new int[2], null);
    Path file = write(ok, cancelled);
    assertThat(TrialLog.read(file).finishedKeys()).containsExactly("A/doc-1");
    assertThat(scannedFinishedKeys(file)).containsExactly("A/doc-1");
  }

  @Test
  void aMissingLogIsEmpty() {
    TrialLog log = TrialLog.read(dir.resolve("none.jsonl"));
    assertThat(log.latest()).isEmpty();
    assertThat(log.nextSeq()).isZero();
    assertThat(log.tornTail()).isEmpty();
  }

  @Test
  void aTornLastLineIsIgnoredReportedAndCutBeforeAppending() throws Exception {
    Path file = write(Fixtures.ok("A", "doc-1", 0, 1, null), Fixtures.ok("A", "doc-2", 1, 2,
        null));
    long whole = Files.size(file);
    byte[] next = codec.encode(Fixtures.ok("A", "doc-3", 2, 3, null));
    Files.write(file, java.util.Arrays.copyOf(next, next.length / 2),
        StandardOpenOption.APPEND); // a crash mid-write
    TrialLog log = TrialLog.read(file);
    assertThat(log.latest().keySet()).containsExactlyInAnyOrder("A/doc-1", "A/doc-2");
    assertThat(log.validLength()).isEqualTo(whole);
    assertThat(log.tornTail()).get().asString().contains("incomplete last line")
        .contains(next.length / 2 + " bytes");
    assertThat(Files.size(file)).isGreaterThan(whole); // reading never changes the file

    // a run directory cuts the torn tail before it appends again
    Path runDir = dir.resolve("run");
    var spec = Fixtures.spec(Config.of("A"));
    try (RunDirectory run = RunDirectory.open(runDir, spec, false)) {
      run.finish(RunStatus.FINISHED, RunCounts.empty(3));
    }
    Files.copy(file, runDir.resolve("trials.jsonl"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (RunDirectory run = RunDirectory.open(runDir, spec, false)) {
      assertThat(run.notes()).anyMatch(n -> n.contains("incomplete last line"));
      try (JsonlTrialSink sink = run.openSink(spec.checkpoint())) {
        sink.append(Fixtures.ok("A", "doc-3", run.scan().nextSeq(), 3, null));
      }
      run.finish(RunStatus.FINISHED, RunCounts.empty(3));
    }
    TrialLog repaired = TrialLog.read(runDir.resolve("trials.jsonl"));
    assertThat(repaired.tornTail()).isEmpty();
    assertThat(repaired.latest().keySet()).containsExactlyInAnyOrder("A/doc-1", "A/doc-2",
        "A/doc-3");
    assertThat(repaired.latest().get("A/doc-3").seq()).isEqualTo(2);
  }

  @Test
  void aCorruptLineInTheMiddleIsAnErrorNamingFileAndLine() throws Exception {
    Path file = write(Fixtures.ok("A", "doc-1", 0, 1, null), Fixtures.ok("A", "doc-2", 1, 2,
        null), Fixtures.ok("A", "doc-3", 2, 3, null));
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(1, lines.get(1).substring(0, 30)); // line 2 cut short, yet newline-terminated
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TrialLog.read(file)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file + " line 2 is corrupt")
        .hasMessageContaining(lines.get(1))
        .hasMessageContaining("delete it so the trial runs again");
    assertThatThrownBy(() -> scannedFinishedKeys(file))
        .hasMessageContaining(file + " line 2 is corrupt");
  }

  @Test
  void otherCorruptionsAreFoundToo() throws Exception {
    Path file = write(Fixtures.ok("A", "doc-1", 0, 1, null));
    String good = Files.readString(file).strip();
    for (String bad : List.of("not json", "[1,2]", "{\"seq\":1}", good + good,
        good.replace("\"ok\"", "\"weird\""), "{\"seq\":1,\"unknown\":2}")) {
      Files.writeString(file, good + "\n" + bad + "\n" + good + "\n");
      assertThatThrownBy(() -> TrialLog.read(file)).as(bad)
          .isInstanceOf(CheckpointException.class).hasMessageContaining("line 2 is corrupt");
    }
  }

  /** The finished keys as the resume scan ({@link LogScan}) sees them. */
  private static List<String> scannedFinishedKeys(Path file) {
    TrialStore store = LogScan.read(file, List.of("A"), List.of("doc-1", "doc-2", "doc-3"),
        Fixtures.TWO_STAGES).store();
    List<String> keys = new java.util.ArrayList<>();
    for (int t = 0; t < store.trials(); t++) {
      if (store.has(t) && store.status(t).isFinished()) {
        keys.add(store.config(t) + "/" + store.inputId(t));
      }
    }
    return keys;
  }
}
