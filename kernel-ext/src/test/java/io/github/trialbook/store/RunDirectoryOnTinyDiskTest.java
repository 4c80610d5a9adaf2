package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real full and read-only file systems: a 64 KiB tmpfs mounted for the test. Needs root (mount);
 * skipped with a message elsewhere. {@link JsonlTrialSinkTest} covers the full-disk path with a
 * failing channel everywhere.
 */
class RunDirectoryOnTinyDiskTest {
  @TempDir
  Path tmp;

  private final List<Path> mounts = new ArrayList<>();

  private Path mountTmpfs(String options) throws Exception {
    Path point = Files.createDirectories(tmp.resolve("mnt" + mounts.size()));
    int exit = run("mount", "-t", "tmpfs", "-o", options, "tmpfs", point.toString());
    assumeTrue(exit == 0, "mounting a tmpfs needs root (mount exited " + exit + "); the "
        + "failing-channel test in JsonlTrialSinkTest covers the full-disk path instead");
    mounts.add(point);
    return point;
  }

  @AfterEach
  void unmount() throws Exception {
    for (Path point : mounts) {
      run("umount", "-l", point.toString());
    }
  }

  private static int run(String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    } catch (IOException e) {
      return -1; // no mount command
    }
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -2;
    }
    return p.exitValue();
  }

  @Test
  void aDiskThatFillsUpMidRunFailsTheSinkAndLeavesAResumableLog() throws Exception {
    Path dir = mountTmpfs("size=64k").resolve("run");
    BatchSpec<String> spec = Fixtures.spec(Config.of("A"));
    String big = "y".repeat(6_000);
    int appended = 0;
    try (RunDirectory run = RunDirectory.open(dir, spec, false)) {
      JsonlTrialSink sink = run.openSink(new CheckpointPolicy(1, Duration.ofMillis(5)));
      for (int i = 0; i < 40 && sink.failure() == null; i++) {
        sink.append(Fixtures.ok("A", "doc-" + i, i, big, null));
        appended++;
        Thread.sleep(5);
      }
      assertThatThrownBy(sink::close).isInstanceOf(CheckpointException.class)
          .hasMessageContaining(dir.resolve("trials.jsonl").toString())
          .hasMessageContaining("No space left on device")
          .hasMessageContaining("free disk space");
      assertThatThrownBy(() -> run.finish(RunStatus.FINISHED, RunCounts.empty(3)))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("the disk is full");
    }
    TrialLog log = TrialLog.read(dir.resolve("trials.jsonl"));
    assertThat(log.latest().size()).isGreaterThan(0).isLessThan(appended);
    for (TrialRecord r : log.latest().values()) {
      assertThat(r.output(0)).isEqualTo(big);
    }
    // the manifest is still the whole old one (atomic replace), never a half-written file
    assertThat(Manifest.read(dir).batch()).isEqualTo("demo");
  }

  @Test
  void openingOnAFullDiskSaysSo() throws Exception {
    Path point = mountTmpfs("size=64k");
    try {
      Files.write(point.resolve("filler"), new byte[1 << 20]);
    } catch (IOException expected) {
      // the filler takes whatever space there is
    }
    assertThatThrownBy(() -> RunDirectory.open(point.resolve("run"), Fixtures.spec(
        Config.of("A")), false))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(point.resolve("run").toString())
        .hasMessageContaining("the disk is full");
  }

  @Test
  void aReadOnlyFileSystemIsReportedAsNotWritable() throws Exception {
    Path point = mountTmpfs("ro,size=64k");
    Path dir = point.resolve("run");
    assertThatThrownBy(() -> RunDirectory.open(dir, Fixtures.spec(Config.of("A")), false))
        .isInstanceOf(CheckpointException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("not writable");
  }
}
