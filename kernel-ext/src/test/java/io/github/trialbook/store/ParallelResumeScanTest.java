package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full read splits a large log across threads; it must agree with one sequential read, and
 * a failed range is reported once (the resume scan's agreement is in {@link TrialStoreTest}).
 */
class ParallelResumeScanTest {
  @TempDir
  Path dir;

  @Test
  void theSplitFullReadAgreesWithASequentialRead() throws Exception {
    Path file = Fixtures.bigLog(dir);
    TrialLog parallel = TrialLog.read(file);
    TrialLog sequential = TrialLog.readSequentially(file);
    assertThat(parallel.latest().size()).isEqualTo(sequential.latest().size()).isEqualTo(55_000);
    sequential.latest().forEach((key, r) -> {
      TrialRecord p = parallel.latest().get(key);
      assertThat(p).as(key).isNotNull();
      assertThat(List.of(p.seq(), p.status(), String.valueOf(p.outputs().get("s2"))))
          .as(key).isEqualTo(List.of(r.seq(), r.status(), String.valueOf(r.outputs().get("s2"))));
    });
    assertThat(parallel.latest().get("A/in-0").status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(parallel.nextSeq()).isEqualTo(sequential.nextSeq()).isEqualTo(60_000);
    assertThat(parallel.records()).isEqualTo(60_000);
    assertThat(parallel.validLength()).isEqualTo(sequential.validLength())
        .isEqualTo(Files.size(file));
    assertThat(parallel.history("A/in-0")).extracting(TrialRecord::seq)
        .containsExactly(0L, 50_000L);
  }

  @Test
  void aCorruptLineInALaterRangeIsReportedWithItsExactLineNumber() throws Exception {
    Path file = Fixtures.bigLog(dir);
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    lines.set(55_000, "{\"seq\": oops}");
    Files.write(file, lines, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TrialLog.read(file))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining("line 55001 is corrupt").hasMessageContaining("{\"seq\": oops}");
  }

  @Test
  void aFailedRangeIsThrownOnceAndNoRangeIsReadAgain() {
    CheckpointException corrupt = new CheckpointException("range 2 is corrupt");
    AtomicIntegerArray reads = new AtomicIntegerArray(3);
    Path file = dir.resolve("trials.jsonl");
    assertThatThrownBy(() -> TrialLog.perRange(file, new long[] {0, 10, 20, 30}, (from, to) -> {
      reads.incrementAndGet((int) from / 10);
      if (from == 10) {
        throw corrupt;
      }
      return from;
    })).isSameAs(corrupt);
    assertThat(reads).hasToString("[1, 1, 1]");
  }

  @Test
  void anErrorInARangeIsThrownUnchangedBeforeAnotherRangesException() {
    OutOfMemoryError oom = new OutOfMemoryError("Java heap space (injected)");
    assertThatThrownBy(() -> TrialLog.perRange(dir.resolve("trials.jsonl"),
        new long[] {0, 10, 20, 30}, (from, to) -> {
          if (from == 0) {
            throw new CheckpointException("line 1 is corrupt");
          }
          if (from == 20) {
            throw oom;
          }
          return from;
        })).isSameAs(oom);
  }

  @Test
  void anUnexpectedFailureNamesTheFileAndTheBytesOfItsRange() {
    Path file = dir.resolve("trials.jsonl");
    IllegalStateException bug = new IllegalStateException("decoder bug");
    assertThatThrownBy(() -> TrialLog.perRange(file, new long[] {0, 10, 20}, (from, to) -> {
      if (from == 10) {
        throw bug;
      }
      return from;
    })).isInstanceOf(CheckpointException.class).hasCause(bug)
        .hasMessageContaining("reading bytes 10 to 20 of the trial log " + file + " failed");
  }
}
