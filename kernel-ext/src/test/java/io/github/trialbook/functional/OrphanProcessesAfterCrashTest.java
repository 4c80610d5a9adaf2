package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.testing.SweepCrashChild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SIGKILL of the JVM leaves its programs running; the next resume ends those orphans (checked by
 * pid), reruns the unfinished cases and the audit finds the run complete.
 */
class OrphanProcessesAfterCrashTest {
  @TempDir
  Path tmp;

  @Test
  void aSigtermOfTheJvmEndsEveryTreeItStarted() throws Exception {
    Path script = script();
    Path runDir = tmp.resolve("run");
    Process child = launch(runDir, script);
    List<Long> pids = awaitPids(runDir, 4);
    child.destroy(); // SIGTERM: the shutdown hooks run
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (pids.stream().anyMatch(OrphanProcessesAfterCrashTest::running) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(pids).as("the JVM's shutdown ended its trees; child exit %d, log:%n%s", child.exitValue(),
        Files.readString(tmp.resolve("child.log")))
        .noneMatch(OrphanProcessesAfterCrashTest::running);
    // the workers go on while the hooks run: a case started then must not outlive the JVM either
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    while (!inRunDir(runDir).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(inRunDir(runDir)).as("processes working in the run directory after the JVM ended")
        .isEmpty();
  }

  /** The running processes whose working directory is inside {@code runDir}. */
  private static List<String> inRunDir(Path runDir) {
    Path root = runDir.toAbsolutePath();
    return ProcessHandle.allProcesses().filter(p -> running(p.pid())).map(p -> {
      try {
        Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd"));
        return cwd.startsWith(root) ? p.pid() + " in " + cwd : null;
      } catch (IOException | RuntimeException e) {
        return null; // ended meanwhile, or not ours to read
      }
    }).filter(s -> s != null).toList();
  }

  @Test
  void theResumeEndsTheOrphansAndFinishesTheSweep() throws Exception {
    Path script = script();
    Path runDir = tmp.resolve("run");
    Process child = launch(runDir, script);
    List<Long> pids = awaitPids(runDir, 4);
    Thread.sleep(1200); // the stages refresh their process records every 500 ms
    child.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(pids).as("the killed JVM left its programs running").allMatch(OrphanProcessesAfterCrashTest::running);

    Files.writeString(tmp.resolve("fast"), "");
    BatchResult r = Trialbook.runBatch(SweepCrashChild.spec(runDir, script));

    assertThat(pids).as("no orphan survives the resume").noneMatch(OrphanProcessesAfterCrashTest::running);
    assertThat(r.notes()).anyMatch(n -> n.contains("orphaned process") && n.contains("killed session"));
    assertThat(r.progress().panels()).anyMatch(p -> p.toString().contains("orphaned process"));
    assertThat(r.ok()).isEqualTo(6);
    assertThat(runDir.resolve("processes").toFile().listFiles()).as("process records").allMatch(f -> f.length() == 0);
    assertThat(Trialbook.audit(runDir).isComplete()).isTrue();
  }

  private Process launch(Path runDir, Path script) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SweepCrashChild.class.getName(), runDir.toString(), script.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
  }

  private Path script() throws IOException {
    Path script = tmp.resolve("sim.sh");
    Files.writeString(script, """
        #!/bin/sh
        if [ -f "%s" ]; then mkdir -p out; echo '{}' > out/summary.json; exit 0; fi
        echo $$ > parent.pid
        sh -c 'echo $$ > grandchild.pid; while true; do sleep 0.05; done' &
        while true; do sleep 0.05; done
        """.formatted(tmp.resolve("fast")));
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script;
  }

  private static boolean running(long pid) {
    return ProcessHandle.of(pid).map(p -> {
      try {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
      } catch (IOException e) {
        return false;
      }
    }).orElse(false);
  }

  /** The pids of the first {@code cases} running cases, parents and grandchildren. */
  private static List<Long> awaitPids(Path runDir, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<Long> pids = new ArrayList<>();
      Path cases = runDir.resolve("cases");
      if (Files.isDirectory(cases)) {
        try (Stream<Path> files = Files.walk(cases)) {
          for (Path f : files.filter(p -> p.toString().endsWith(".pid")).toList()) {
            String text = Files.readString(f).strip();
            if (!text.isEmpty()) {
              pids.add(Long.parseLong(text));
            }
          }
        }
      }
      if (pids.size() >= count) {
        return pids;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the child JVM did not start its programs in " + runDir);
  }
}
