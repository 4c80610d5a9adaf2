package io.github.trialbook.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shell scripts for process stage tests, written into a test's temp folder. */
final class Scripts {
  private Scripts() {}

  static Path write(Path dir, String name, String body) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  /**
   * Writes its environment and artifacts: out/summary.json, out/run_config.json and
   * out/series/a.parquet, after checking that nothing else is in its TMPDIR.
   */
  static Path sim(Path dir) throws IOException {
    return write(dir, "sim.sh", """
        mkdir -p out/series
        env | grep -E '^(TRIALBOOK_|TMPDIR=|TMP=|TEMP=|OMP_|MKL_|OPENBLAS_|NUMEXPR_|NUMBA_|VECLIB_)' \\
          | sort > out/env.txt
        env | grep '^SKIP_PIP=' >> out/env.txt
        ls -A "$TMPDIR" | wc -l | tr -d ' ' > out/tmp-before.txt
        echo "$TRIALBOOK_TRIAL" > "$TMPDIR/mine"
        pwd > out/pwd.txt
        echo "{\\"T\\": $TRIALBOOK_PARAM_T}" > out/summary.json
        echo '{}' > out/run_config.json
        echo data > out/series/a.parquet
        echo "working on $TRIALBOOK_TRIAL" >&2
        echo done
        """);
  }

  /** Starts a grandchild that ignores SIGTERM, records both pids, then waits forever. */
  static Path stubborn(Path dir) throws IOException {
    return write(dir, "stubborn.sh", """
        echo $$ > parent.pid
        sh -c 'trap "" TERM; echo $$ > grandchild.pid; while true; do sleep 0.05; done' &
        echo "started grandchild" >&2
        while true; do sleep 0.05; done
        """);
  }

  /** The pids a stubborn script wrote in {@code caseDir}, once both are there. */
  static List<Long> pids(Path caseDir, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Path parent = caseDir.resolve("parent.pid");
      Path grandchild = caseDir.resolve("grandchild.pid");
      if (Files.exists(parent) && Files.exists(grandchild)) {
        String a = Files.readString(parent).strip();
        String b = Files.readString(grandchild).strip();
        if (!a.isEmpty() && !b.isEmpty()) {
          List<Long> out = new ArrayList<>();
          out.add(Long.parseLong(a));
          out.add(Long.parseLong(b));
          return out;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the script did not write its pids in " + caseDir);
  }

  /**
   * True once none of {@code pids} runs (zombies waiting for the container's init to reap them
   * run nothing), polling until {@code within} has passed.
   */
  static boolean allEnded(List<Long> pids, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      boolean any = pids.stream().anyMatch(p -> ProcessHandle.of(p).map(ProcessTrees::isRunning)
          .orElse(false));
      if (!any) {
        return true;
      }
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(20);
    }
  }
}
