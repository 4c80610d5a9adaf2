package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.internal.VirtualThreads;
import io.github.trialbook.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@code .virtualThreads()}: refused on JDK 17 with the JDK it needs; on JDK 25 (the machine's
 * second JDK, in a child JVM) 2,000 sleeping trials run on 1,000 virtual workers, each once.
 */
class VirtualThreadsTest {
  /** The newer JDK this machine kind carries beside the default 17. */
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

  @Test
  void onThisJdkVirtualThreadsAreRefusedBeforeTwentyOneAndUsedFromIt() {
    BatchSpec.Builder<Integer> b = Trialbook.batch("v", List.of(1, 2), i -> "i" + i)
        .stage("s", t -> VirtualThreads.isVirtual(Thread.currentThread())).noCheckpoint()
        .consoleProgress(false);
    if (Runtime.version().feature() < 21) {
      assertThatThrownBy(b::virtualThreads).isInstanceOf(BatchConfigException.class)
          .hasMessageContaining("virtualThreads() needs JDK 21 or later (this JVM is JDK "
              + Runtime.version() + ")");
    } else {
      BatchResult r = Trialbook.runBatch(b.virtualThreads().build());
      assertThat(r.records()).allMatch(x -> Boolean.TRUE.equals(x.output("s")));
    }
  }

  @Test
  void onJdkTwentyFiveAThousandVirtualWorkersRunEveryTrialOnce() throws Exception {
    assertThat(JDK25).as("this machine kind has Temurin 25 beside JDK 17").satisfies(p ->
        assertThat(Files.isExecutable(p)).isTrue());
    ChildJvm.Result r = ChildJvm.runOn(JDK25, List.of("-Xmx256m"), VirtualWorkers.class,
        Map.of());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("trials 2000 ok 2000 virtual 2000 once true");
  }

  /** The child: 2,000 trials sleeping 20 ms on 1,000 virtual workers. */
  public static final class VirtualWorkers {
    public static void main(String[] args) {
      AtomicInteger virtual = new AtomicInteger();
      Map<String, AtomicInteger> runs = new java.util.concurrent.ConcurrentHashMap<>();
      BatchResult r = Trialbook.runBatch(Trialbook.batch("virtual",
              IntStream.range(0, 2000).boxed().toList(), i -> "i" + i)
          .stage("io", t -> {
            runs.computeIfAbsent(t.key(), k -> new AtomicInteger()).incrementAndGet();
            if (VirtualThreads.isVirtual(Thread.currentThread())) {
              virtual.incrementAndGet();
            }
            Thread.sleep(20);
            return t.input();
          })
          .virtualThreads()
          .parallelism(1000)
          .noCheckpoint()
          .consoleProgress(false)
          .build());
      boolean once = runs.size() == 2000 && runs.values().stream().allMatch(n -> n.get() == 1);
      System.out.println("trials " + r.records().size() + " ok " + r.ok() + " virtual "
          + virtual.get() + " once " + once);
    }
  }
}
