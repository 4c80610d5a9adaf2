package io.github.trialbook.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.sweep.Sweep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stage remembers the folders it made; a run directory deleted between two batches of one
 * kernel (a researcher starting afresh) must be made again, not fail every trial.
 */
class DeletedRunDirectoryTest {
  @TempDir
  Path tmp;

  @Test
  void aDeletedRunDirectoryIsMadeAgainInTheSameJvm() throws IOException {
    Path runDir = tmp.resolve("run");
    BatchSpec<String> spec = Trialbook.batch("again", List.of("a", "b"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(1, 2))).configs())
        .stage("run", ProcessStage.command(t -> List.of("/bin/true")).build())
        .runDir(runDir).parallelism(2).consoleProgress(false).build();
    assertThat(Trialbook.runBatch(spec).ok()).isEqualTo(4);
    delete(runDir);

    assertThat(Trialbook.runBatch(spec).ok()).isEqualTo(4);
    assertThat(runDir.resolve("cases/T1/a/tmp")).isDirectory();
    assertThat(runDir.resolve("processes")).isDirectory();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
