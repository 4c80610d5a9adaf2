package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JVM that exits without closing its sink still writes what it appended (real child JVM). */
class ShutdownHookTest {
  @TempDir
  Path dir;

  @Test
  void theShutdownHookFlushesRecordsAppendedBeforeExit() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    int n = 5_000;
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", System.getProperty("java.class.path"),
        ExitWithoutCloseChild.class.getName(), file.toString(), Integer.toString(n))
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
    assertThat(child.exitValue()).isZero();
    TrialLog log = TrialLog.read(file);
    assertThat(log.latest()).hasSize(n);
    assertThat(log.tornTail()).isEmpty();
  }
}
