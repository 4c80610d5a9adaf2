package io.github.trialbook.store;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.util.List;

/** Records and specs for store tests, built directly (no engine). */
final class Fixtures {
  static final List<String> TWO_STAGES = List.of("s1", "s2");

  private Fixtures() {}

  /** An ok record of two stages with the given outputs. */
  static TrialRecord ok(String config, String input, long seq, Object out1, Object out2) {
    return new TrialRecord(config, input, TrialStatus.OK, 3, seq, 1_763_900_000_000L + seq,
        12_345_678L, TWO_STAGES, new Object[] {out1, out2}, new long[] {1_000, 2_000},
        new int[] {TrialRecord.packStage(StageStatus.OK, 1),
            TrialRecord.packStage(StageStatus.OK, 2)}, null);
  }

  /** A record that failed in s2 after 3 attempts with {@code message}. */
  static TrialRecord failed(String config, String input, long seq, String message) {
    return new TrialRecord(config, input, TrialStatus.FAILED, 1, seq, 1_763_900_000_000L + seq,
        99L, TWO_STAGES, new Object[] {"first", null}, new long[] {10, 20},
        new int[] {TrialRecord.packStage(StageStatus.OK, 1),
            TrialRecord.packStage(StageStatus.FAILED, 3)},
        new TrialError("java.io.IOException", message, "s2", 3,
            List.of("a.B.c(B.java:1)", "d.E.f(E.java:2)")));
  }

  /** A cancelled record of config A: s1 ran, s2 was cancelled. */
  static TrialRecord cancelled(String input, long seq) {
    return new TrialRecord("A", input, TrialStatus.CANCELLED, 0, seq, 0, 1, TWO_STAGES,
        new Object[2], new long[2], new int[] {TrialRecord.packStage(StageStatus.OK, 1),
            TrialRecord.packStage(StageStatus.CANCELLED, 1)}, null);
  }

  /**
   * {@code dir/trials.jsonl} of 60,000 records (~12 MB, so read in ranges): 50,000 ok ones of
   * config A, then keys rerun later in the file, some ending cancelled.
   */
  static java.nio.file.Path bigLog(java.nio.file.Path dir) throws java.io.IOException {
    java.nio.file.Path file = dir.resolve("trials.jsonl");
    RecordCodec codec = RecordCodec.plain();
    String padding = "x".repeat(120);
    try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
      long seq = 0;
      for (int i = 0; i < 50_000; i++) {
        out.write(codec.encode(ok("A", "in-" + i, seq++, padding, i)));
      }
      for (int i = 0; i < 10_000; i++) {
        TrialRecord r = i % 2 == 0 ? cancelled("in-" + i, seq++)
            : failed("A", "in-" + (50_000 + i), seq++, "boom");
        out.write(codec.encode(r));
      }
    }
    return file;
  }

  static BatchSpec<String> spec(List<String> inputs, Config... configs) {
    return BatchSpec.<String>builder("demo", inputs, s -> s).configs(configs)
        .stage("s1", t -> null).stage("s2", t -> null).parallelism(2).consoleProgress(false)
        .build();
  }

  static BatchSpec<String> spec(Config... configs) {
    return spec(List.of("doc-1", "doc-2", "doc-3"), configs);
  }
}
