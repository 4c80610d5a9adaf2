package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Memory-aware admission in a child JVM with a 128 MB heap: other data fills 87 % of it when the
 * batch starts, so no trial starts (the live view says "waiting for memory" with the figure)
 * until that data is let go 1.5 s later; then the batch runs to the end, every trial once.
 */
class MemoryAdmissionTest {
  @Test
  void aBatchIntoAFullHeapWaitsForMemoryThenRunsEveryTrial() throws Exception {
    ChildJvm.Result r = ChildJvm.runOn(Path.of(System.getProperty("java.home"), "bin", "java"),
        List.of("-Xmx128m", "-XX:+UseG1GC"), FullHeap.class, Map.of());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ok 40 of 40").contains("started before the release 0")
        .containsPattern("notice waiting for memory: the heap was (8[5-9]|9\\d) % full after the "
            + "last collection \\(of \\d+ MB\\)");
  }

  /** The child: a heap 87 % full of other data, released after 1.5 s. */
  public static final class FullHeap {
    static volatile List<byte[]> ballast = new java.util.ArrayList<>();

    public static void main(String[] args) throws Exception {
      long max = Runtime.getRuntime().maxMemory();
      int chunk = 32 * 1024; // small, so G1 packs them into its regions without waste
      try {
        while (ballast.size() * (long) chunk < max * 0.87) {
          ballast.add(new byte[chunk]);
        }
      } catch (OutOfMemoryError e) {
        ballast.subList(ballast.size() - 64, ballast.size()).clear(); // room for the batch itself
      }
      System.gc();
      long[] releasedAt = {Long.MAX_VALUE};
      Thread releaser = new Thread(() -> {
        try {
          Thread.sleep(1500);
        } catch (InterruptedException e) {
          return;
        }
        releasedAt[0] = System.currentTimeMillis();
        ballast = null;
      });
      releaser.start();
      BatchHandle h = Trialbook.startBatch(Trialbook.batch("full", IntStream.range(0, 40).boxed()
              .toList(), i -> "i" + i)
          .stage("small", t -> {
            Thread.sleep(5);
            return t.input();
          })
          .parallelism(4).noCheckpoint().consoleProgress(false).build());
      String notice = null;
      while (!h.isDone()) {
        String n = h.progress().notice();
        if (notice == null && n != null) {
          notice = n;
        }
        Thread.sleep(10);
      }
      BatchResult result = h.await();
      releaser.join();
      long early = result.records().stream().map(TrialRecord::startedAtMillis)
          .filter(t -> t < releasedAt[0]).count();
      System.out.println("ok " + result.ok() + " of 40, started before the release " + early
          + ", notice " + notice);
    }
  }
}
