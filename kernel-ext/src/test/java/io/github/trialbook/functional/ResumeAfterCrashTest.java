package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.store.RunStatus;
import io.github.trialbook.store.StoreProbe;
import io.github.trialbook.store.StoredRun;
import io.github.trialbook.testing.CrashChild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM running a checkpointed 5,000-trial batch with SIGKILL at random moments,
 * resumes it each time, and checks that no finished trial was lost, run again or counted twice.
 * Iterations: {@code -Dtrialbook.crash.iterations} (20 by default; the {@code soak} profile runs
 * 200).
 */
class ResumeAfterCrashTest {
  private static final int INPUTS = 2500;
  private static final int TRIALS = 2 * INPUTS;

  @TempDir
  Path tmp;

  @Test
  void killedAndResumedRunsRecordEveryTrialExactlyOnce() throws Exception {
    int iterations = Integer.getInteger("trialbook.crash.iterations", 20);
    long seed = Long.getLong("trialbook.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    Path runDir = tmp.resolve("run");
    Path side = tmp.resolve("executions.txt");
    int killedMidRun = 0;
    for (int i = 1; i <= iterations; i++) {
      Process child = launch(runDir, side, i);
      boolean exited = child.waitFor(150 + random.nextInt(900), TimeUnit.MILLISECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor();
        killedMidRun++;
      }
      if (Files.exists(runDir.resolve("trials.jsonl"))) {
        // readable after every kill: at most a torn last line, which resume repairs
        assertThat(StoreProbe.records(runDir.resolve("trials.jsonl"))).as("records after kill %d (seed %d)", i, seed)
            .isLessThanOrEqualTo(TRIALS);
      }
    }
    Process last = launch(runDir, side, iterations + 1);
    assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String out = Files.readString(tmp.resolve("child.log"));
    assertThat(last.exitValue()).as("final run output: %s", out).isZero();
    assertThat(killedMidRun).as("kills that hit a running batch (seed %d)", seed).isPositive();

    // every trial present exactly once in the log, all ok
    Map<String, TrialRecord> byKey = new HashMap<>();
    for (String line : Files.readAllLines(runDir.resolve("trials.jsonl"))) {
      TrialRecord r = StoreProbe.decode(line.getBytes(StandardCharsets.UTF_8));
      assertThat(byKey.put(r.key(), r)).as("%s written once (seed %d)", r.key(), seed).isNull();
      assertThat(r.status()).isEqualTo(TrialStatus.OK);
    }
    assertThat(byKey).hasSize(TRIALS);

    // no trial ran again after the process that finished it: its executions all belong to the
    // iteration recorded in its output or earlier ones, and that iteration ran each stage once
    Map<String, List<Integer>> executions = new HashMap<>();
    for (String line : Files.readAllLines(side)) {
      String[] p = line.split(" ");
      executions.computeIfAbsent(p[0] + " " + p[1], k -> new ArrayList<>())
          .add(Integer.parseInt(p[2]));
    }
    int reExecutedBeforeFinish = 0;
    for (TrialRecord r : byKey.values()) {
      int finishedIn = ((Number) ((Map<?, ?>) r.output("a")).get("iteration")).intValue();
      for (String stage : List.of("a", "b")) {
        List<Integer> runs = executions.get(stage + " " + r.key());
        assertThat(runs).as("executions of %s %s", stage, r.key()).isNotNull();
        assertThat(runs).as("%s %s ran after it finished (seed %d)", stage, r.key(), seed)
            .allMatch(it -> it <= finishedIn);
        assertThat(runs.stream().filter(it -> it == finishedIn).count()).isEqualTo(1);
        reExecutedBeforeFinish += runs.size() - 1;
      }
    }
    StoredRun stored = StoredRun.open(runDir);
    assertThat(stored.status()).isEqualTo(RunStatus.FINISHED);
    assertThat(stored.latest()).hasSize(TRIALS);
    System.out.printf("crash test: %d iterations, %d killed mid-run, %d stage executions lost to "
        + "kills and redone, seed %d%n", iterations, killedMidRun, reExecutedBeforeFinish, seed);
  }

  private Process launch(Path runDir, Path side, int iteration) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), runDir.toString(), side.toString(),
        Integer.toString(iteration), Integer.toString(INPUTS))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(tmp.resolve("child.log").toFile()))
        .start();
  }
}
