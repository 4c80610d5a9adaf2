package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A notebook interrupt that arrived while {@code runBatch} was opening the trial log for appending
 * closed the file channel (channels close when their thread is interrupted) and the cell failed
 * with {@code CheckpointException: cannot open for appending ... ClosedByInterruptException}
 * instead of a cancelled, resumable result. Interrupts are sent here at many moments of the
 * start-up; every one must end in a result, and a second run must complete the batch.
 */
class InterruptWhileOpeningTrialLogBreaksRunTest {
  @TempDir
  Path tmp;

  @Test
  void anInterruptAtAnyMomentOfTheStartCancelsAndResumes() throws Exception {
    List<Integer> inputs = IntStream.range(0, 60).boxed().toList();
    for (int attempt = 0; attempt < 40; attempt++) {
      Path runDir = tmp.resolve("run" + attempt);
      BatchSpec<Integer> spec = Trialbook.batch("interrupt-open", inputs, String::valueOf)
          .configs(Config.of("A"))
          .stage("work", t -> {
            Thread.sleep(1);
            return t.input();
          })
          .parallelism(4).consoleProgress(false).runDir(runDir).build();
      AtomicReference<Object> outcome = new AtomicReference<>();
      Thread cell = new Thread(() -> {
        try {
          outcome.set(Trialbook.runBatch(spec));
        } catch (RuntimeException e) {
          outcome.set(e);
        }
      });
      cell.start();
      LockSupport.parkNanos(attempt * 250_000L); // 0 to 10 ms: before, during and after the open
      cell.interrupt();
      cell.join(30_000);
      assertThat(outcome.get()).as("attempt %d: runBatch ended with a result", attempt)
          .isInstanceOf(BatchResult.class);
      BatchResult resumed = Trialbook.runBatch(spec);
      assertThat(resumed.ok()).as("attempt %d: the resumed run completes", attempt).isEqualTo(60);
      assertThat(resumed.records()).hasSize(60);
    }
  }
}
