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

  static BatchSpec<String> spec(List<String> inputs, Config... configs) {
    return BatchSpec.<String>builder("demo", inputs, s -> s).configs(configs)
        .stage("s1", t -> null).stage("s2", t -> null).parallelism(2).consoleProgress(false)
        .build();
  }

  static BatchSpec<String> spec(Config... configs) {
    return spec(List.of("doc-1", "doc-2", "doc-3"), configs);
  }
}
