package io.github.trialbook.store;

import io.github.trialbook.batch.CheckpointPolicy;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Child JVM for {@link ShutdownHookTest}: appends records to a slow disk (each write takes 300
 * ms) with a policy that would not force for an hour, then exits without closing the sink. At
 * exit most records are still queued: only the shutdown hook can save them.
 */
public final class ExitWithoutCloseChild {
  public static void main(String[] args) throws Exception {
    int n = Integer.parseInt(args[1]);
    Path file = Path.of(args[0]);
    FileChannel slow = new FailingChannel(FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), Long.MAX_VALUE, 300);
    JsonlTrialSink sink = new JsonlTrialSink(file, slow, RecordCodec.plain(),
        new CheckpointPolicy(1_000_000, Duration.ofHours(1)), null);
    for (int i = 0; i < n; i++) {
      sink.append(Fixtures.ok("A", "doc-" + i, i, i, null));
    }
    System.exit(0);
  }

  private ExitWithoutCloseChild() {}
}
