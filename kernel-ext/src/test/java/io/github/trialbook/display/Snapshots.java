package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.ConfigProgress;
import io.github.trialbook.batch.event.ProgressSnapshot.FailureNote;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Progress snapshots for view tests: small ones and ones with huge, hostile lists. */
final class Snapshots {
  private Snapshots() {}

  static ProgressSnapshot small(ProgressSnapshot.State state, long done, long total) {
    return new ProgressSnapshot("demo", state, total, done, done - 1, 1, 0,
        state == ProgressSnapshot.State.CANCELLED ? 2 : 0, 0, total * 2, done * 2, 3, 0,
        List.of(new RunningTask(0, "cfg-a", "in-7", "stage1", 2, false, 1_000)), 1,
        List.of(new ConfigProgress("cfg-a", total, done, done - 1, 1)),
        List.of(new FailureNote("cfg-a/in-3", "stage2", "IllegalStateException: <script>alert(1)</script>", 900)),
        12.5, Duration.ofSeconds(75), 3_500);
  }

  /** Thousands of configs, workers and failures, each string long and full of characters to escape. */
  static ProgressSnapshot huge(ProgressSnapshot.State state) {
    String hostile = "<b>'&\"</b>".repeat(200);
    List<RunningTask> running = new ArrayList<>();
    List<ConfigProgress> configs = new ArrayList<>();
    List<FailureNote> failures = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      running.add(new RunningTask(i, "config-" + i + hostile, "input-" + i + hostile, "stage" + hostile, 1,
          i % 2 == 0, 0));
      configs.add(new ConfigProgress("config-" + i + hostile, 100, 50, 40, 10));
      failures.add(new FailureNote("config-" + i + "/input-" + i + hostile, "llm", "boom " + hostile, 0));
    }
    return new ProgressSnapshot("big" + hostile, state, 500_000, 250_000, 200_000, 40_000, 10_000, 0, 0,
        1_500_000, 750_000, 99, 7, running, 5_000, configs, failures, 1234.5, Duration.ofHours(2), 10_000);
  }
}
