package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compact trial store: the resume scan into it agrees with decoding every record, records
 * come back from the log by offset, the sink tells it where lines went (and a failed disk leaves
 * them in memory), and the in-memory columns give back what was put.
 */
class TrialStoreTest {
  @TempDir
  Path dir;

  private static final List<String> IDS = IntStream.range(0, 60_000).mapToObj(i -> "in-" + i)
      .toList();

  @Test
  void theScanAgreesWithDecodingEveryRecord() throws Exception {
    Path file = Fixtures.bigLog(dir);
    assertThat(LogReader.splitPoints(file, 2)).as("read in ranges").hasSize(3);
    LogScan scan = LogScan.read(file, List.of("A"), IDS, Fixtures.TWO_STAGES);
    TrialLog full = TrialLog.readSequentially(file);
    TrialStore store = scan.store();
    assertThat(store.count()).isEqualTo(full.latest().size()).isEqualTo(55_000);
    for (int t = 0; t < store.trials(); t++) {
      TrialRecord expected = full.latest().get("A/" + IDS.get(t));
      if (expected == null) {
        assertThat(store.has(t)).isFalse();
        continue;
      }
      assertThat(store.status(t)).as(IDS.get(t)).isEqualTo(expected.status());
      TrialRecord got = store.get(t);
      assertThat(List.of(got.seq(), got.key(), String.valueOf(got.outputs().get("s2"))))
          .isEqualTo(List.of(expected.seq(), expected.key(),
              String.valueOf(expected.outputs().get("s2"))));
    }
    assertThat(store.status(0)).isEqualTo(TrialStatus.CANCELLED);
    assertThat(scan.nextSeq()).isEqualTo(60_000);
    assertThat(scan.records()).isEqualTo(60_000);
    assertThat(scan.validLength()).isEqualTo(Files.size(file));
    assertThat(store.history(0)).extracting(TrialRecord::seq).containsExactly(0L, 50_000L);
    assertThat(store.history(1)).extracting(TrialRecord::seq).containsExactly(1L);
    assertThat(store.mayReportUsage(1)).isFalse();
  }

  @Test
  void aCorruptLineInALaterRangeIsReportedWithItsExactLineNumber() throws Exception {
    Path file = Fixtures.bigLog(dir);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(55_000, "{\"seq\": oops}");
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> LogScan.read(file, List.of("A"), IDS, Fixtures.TWO_STAGES))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("line 55001 is corrupt").hasMessageContaining("{\"seq\": oops}");
  }

  @Test
  void namesWithEscapesOrOtherScriptsUsageAndForeignKeysAreReadRight() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    RecordCodec codec = RecordCodec.plain();
    List<String> ids = List.of("quo\"te", "ünï-ß", "back\\slash", "plain");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(codec.encode(Fixtures.ok("Ä/1", ids.get(0), 0, 1, 2)));
      out.write(codec.encode(Fixtures.ok("Ä/1", ids.get(1), 1, Map.of("costUsd", 0.25), 2)));
      out.write(codec.encode(Fixtures.ok("Ä/1", ids.get(2), 2, 1, 2)));
      out.write(codec.encode(Fixtures.ok("gone", "plain", 3, 1, 2)));
      out.write(codec.encode(Fixtures.failed("Ä/1", ids.get(3), 4, "costUsd\" in a message")));
    }
    LogScan scan = LogScan.read(file, List.of("Ä/1"), ids, Fixtures.TWO_STAGES);
    TrialStore store = scan.store();
    assertThat(store.count()).isEqualTo(4);
    assertThat(scan.foreign()).as("a config the spec lacks").isEqualTo(1);
    assertThat(store.get(0).inputId()).isEqualTo("quo\"te");
    assertThat(store.get(1).inputId()).isEqualTo("ünï-ß");
    assertThat(store.get(2).inputId()).isEqualTo("back\\slash");
    assertThat(store.status(3)).isEqualTo(TrialStatus.FAILED);
    assertThat(store.mayReportUsage(1)).isTrue();
    assertThat(store.mayReportUsage(0)).isFalse();
    assertThat(store.mayReportUsage(3)).as("the word inside a message is no field").isFalse();
    assertThat(store.trialOf("Ä/1", "ünï-ß")).isEqualTo(1);
    assertThat(store.trialOf("Ä/1", "nope")).isEqualTo(-1);
    assertThat(scan.nextSeq()).isEqualTo(5);
  }

  @Test
  void theSinkTellsTheStoreWhereEachLineWentAndAFailedDiskKeepsTheRestInMemory()
      throws Exception {
    Path file = dir.resolve("trials.jsonl");
    TrialStore store = TrialStore.onLog(file, List.of("A"), IDS.subList(0, 10),
        Fixtures.TWO_STAGES);
    byte[] one = RecordCodec.plain().encode(Fixtures.ok("A", "in-0", 0, "x".repeat(100), 0));
    FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    // room for 3.5 lines: the 4th write fails in the middle, as on a full disk
    FailingChannel full = new FailingChannel(real, one.length * 3L + one.length / 2);
    JsonlTrialSink sink = new JsonlTrialSink(file, full, RecordCodec.plain(),
        new CheckpointPolicy(1, Duration.ofMillis(10)), store);
    TrialRecord[] made = new TrialRecord[10];
    for (int i = 0; i < 10; i++) {
      made[i] = Fixtures.ok("A", "in-" + i, i, "x".repeat(100), i);
      store.put(i, made[i]);
      sink.append(i, made[i]);
      try {
        sink.flush(); // one write per line, so the failure falls on the 4th
      } catch (CheckpointException diskFull) {
        assertThat(i).isGreaterThanOrEqualTo(3);
      }
    }
    assertThatThrownBy(sink::close).isInstanceOf(CheckpointException.class);
    for (int i = 0; i < 10; i++) {
      TrialRecord got = store.get(i);
      assertThat(got.key()).isEqualTo("A/in-" + i);
      assertThat(got.output(1)).isEqualTo(i);
      if (i < 3) {
        assertThat(got).as("read back from the log").isNotSameAs(made[i]);
      } else {
        assertThat(got).as("never written: kept in memory").isSameAs(made[i]);
      }
    }
  }

  @Test
  void theInMemoryColumnsGiveBackWhatWasPutAcrossChunks() {
    List<String> ids = IntStream.range(0, 5000).mapToObj(i -> "d" + i).toList();
    TrialStore store = TrialStore.inMemory(List.of("A", "B"), ids, Fixtures.TWO_STAGES);
    TrialRecord a = Fixtures.ok("B", "d2047", 7, "out", 3.5);
    TrialRecord b = Fixtures.failed("A", "d2048", 8, "boom");
    store.put(4095, a);
    store.put(4096, b);
    assertThat(store.count()).isEqualTo(2);
    assertThat(store.present()).containsExactly(4095, 4096);
    for (TrialRecord[] pair : new TrialRecord[][] {{a, store.get(4095)}, {b, store.get(4096)}}) {
      TrialRecord want = pair[0];
      TrialRecord got = pair[1];
      assertThat(got.toString()).isEqualTo(want.toString());
      assertThat(got.seq()).isEqualTo(want.seq());
      assertThat(got.startedAtMillis()).isEqualTo(want.startedAtMillis());
      assertThat(got.stageNanos(1)).isEqualTo(want.stageNanos(1));
      assertThat(got.stageAttempts(1)).isEqualTo(want.stageAttempts(1));
      assertThat(got.error()).isEqualTo(want.error());
    }
    assertThat(store.get(0)).isNull();
    assertThat(store.records()).hasSize(2);
    assertThat(store.records().status(1)).isEqualTo(TrialStatus.FAILED);
  }

  @Test
  void aLogDeletedOrRewrittenUnderTheStoreIsAClearError() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    RecordCodec codec = RecordCodec.plain();
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(codec.encode(Fixtures.ok("A", "in-0", 0, 1, 2)));
      out.write(codec.encode(Fixtures.ok("A", "in-1", 1, 1, 2)));
    }
    TrialStore store = LogScan.read(file, List.of("A"), IDS.subList(0, 2), Fixtures.TWO_STAGES)
        .store();
    try (OutputStream out = Files.newOutputStream(file)) { // the same length, other keys
      out.write(codec.encode(Fixtures.ok("A", "in-1", 0, 1, 2)));
      out.write(codec.encode(Fixtures.ok("A", "in-0", 1, 1, 2)));
    }
    assertThatThrownBy(() -> store.get(0)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("changed after it was read").hasMessageContaining("A/in-1, not A/in-0")
        .hasMessageContaining("Trialbook.open(runDir)");
    Files.delete(file);
    TrialStore again = TrialStore.onLog(file, List.of("A"), IDS.subList(0, 2),
        Fixtures.TWO_STAGES);
    again.loaded(1, TrialStatus.OK, 0, false);
    assertThatThrownBy(() -> again.get(1)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file + " is gone").hasMessageContaining("restore the file");
  }

  @Test
  void aLineLongerThanTheBuffersIsScannedAndReadWhole() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    RecordCodec codec = RecordCodec.plain();
    String big = "y".repeat(3 << 20); // longer than the scan buffer and the read window
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(codec.encode(Fixtures.ok("A", "in-0", 0, 1, 2)));
      out.write(codec.encode(Fixtures.ok("A", "in-1", 1, big, 2)));
      out.write(codec.encode(Fixtures.ok("A", "in-2", 2, 3, 2)));
    }
    TrialStore store = LogScan.read(file, List.of("A"), IDS.subList(0, 3), Fixtures.TWO_STAGES)
        .store();
    assertThat(store.count()).isEqualTo(3);
    assertThat(store.get(1).output(0)).isEqualTo(big);
    assertThat(store.get(2).output(0)).isEqualTo(3);
    assertThat(store.get(0).output(0)).isEqualTo(1);
  }
}
