package io.github.trialbook.testing;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

/**
 * The child JVM of the crash test: runs (or resumes) a checkpointed 5,000-trial batch in
 * {@code runDir}. Every stage execution appends {@code "<stage> <key> <iteration>"} to the side file
 * (O_APPEND, one write per line) before it returns, so the test can tell which executions happened
 * in which process.
 *
 * <p>Usage: {@code CrashChild <runDir> <sideFile> <iteration> [inputs]}
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws IOException {
    Path runDir = Path.of(args[0]);
    Path side = Path.of(args[1]);
    int iteration = Integer.parseInt(args[2]);
    int inputs = args.length > 3 ? Integer.parseInt(args[3]) : 2500;
    try (FileChannel log = FileChannel.open(side, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      BatchResult r = Trialbook.runBatch(spec(runDir, log, iteration, inputs));
      System.out.println("done " + r.ok() + " ok, resumed " + r.progress().resumedTrials());
    }
  }

  public static BatchSpec<Integer> spec(Path runDir, FileChannel log, int iteration, int inputs) {
    List<Integer> items = IntStream.range(0, inputs).boxed().toList();
    return Trialbook.batch("crash", items, i -> String.format("in-%05d", i))
        .configs(Config.of("A"), Config.of("B"))
        .stage("a", t -> {
          note(log, "a " + t.key() + " " + iteration);
          LockSupport.parkNanos(100_000 + (t.input() % 7) * 50_000);
          return Map.of("iteration", iteration, "value", t.input() * 2);
        })
        .stage("b", t -> {
          note(log, "b " + t.key() + " " + iteration);
          LockSupport.parkNanos(100_000);
          return t.<Map<String, Object>>output("a").get("value");
        })
        .parallelism(8)
        .runDir(runDir)
        .consoleProgress(false)
        .build();
  }

  private static void note(FileChannel log, String line) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      log.write(bytes);
    }
  }
}
