package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Memory stays bounded: a checkpointed batch of 200,000 trials with 200-byte outputs (40 MB of
 * outputs, more than 80 MB as records on the heap before the trial store) runs in a child JVM
 * with a 64 MB heap, its results read back from the trial log; the resume of the finished run
 * and a few columns of its table fit too.
 */
class BoundedMemoryTest {
  static final int TRIALS = 200_000;

  @TempDir
  Path tmp;

  @Test
  void twoHundredThousandTrialsWithOutputsRunInASixtyFourMegabyteHeap() throws Exception {
    Path dir = tmp.resolve("run");
    ChildJvm.Result r = ChildJvm.runOn(Path.of(System.getProperty("java.home"), "bin", "java"),
        List.of("-Xmx64m", "-XX:+UseG1GC"), SmallHeap.class, Map.of(), dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ok 200000").contains("resumed 200000 ran 0")
        .contains("table 200000 rows").contains("record 123456 " + SmallHeap.output(123456))
        .contains("failures 0").contains("history 1");
    assertThat(Files.lines(dir.resolve("trials.jsonl")).count()).isEqualTo(TRIALS);
  }

  /** The child: run, read back, resume; prints what the test checks. */
  public static final class SmallHeap {
    static String output(int i) {
      return String.format("%08d", i) + "x".repeat(192);
    }

    public static void main(String[] args) {
      Path dir = Path.of(args[0]);
      List<Integer> inputs = IntStream.range(0, TRIALS).boxed().toList();
      BatchSpec<Integer> spec = Trialbook.batch("bounded", inputs, i -> "i" + i)
          .stage("text", t -> output(t.input()))
          .parallelism(2).runDir(dir).consoleProgress(false).build();
      BatchResult first = Trialbook.runBatch(spec);
      System.out.println("ok " + first.ok());
      TrialRecord one = first.record("default/i123456").orElseThrow();
      System.out.println("record 123456 " + one.output("text"));
      System.out.println("failures " + first.failures().size());
      System.out.println("history " + first.history("default/i7").size());
      BatchResult again = Trialbook.runBatch(spec);
      System.out.println("resumed " + again.progress().resumedTrials() + " ran "
          + (again.progress().doneTrials() - again.progress().resumedTrials()));
      Table t = again.table("config", "status");
      System.out.println("table " + t.rowCount() + " rows");
    }
  }
}
