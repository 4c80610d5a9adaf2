package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.testing.ChildJvm;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: in a plain JVM (no notebook kernel), the first Trialbook call and every
 * {@code runBatch} scanned every jar on the class path for service files and asked each kernel
 * adapter whether its kernel ran, which loaded IJava's, JJava's and ZeroMQ's classes when their
 * jars were on the class path: 116–152 ms of a fresh JVM's first batch. The kernel jars are on
 * this test's class path; a batch in a child JVM must load none of their classes, and still
 * finds the kernel once its classes are loaded (see {@link RenderersMissingWithoutInitTest}). The
 * adapters themselves are not loaded either: the service file is not read.
 */
class FirstBatchProbesEveryKernelTest {
  @Test
  void aBatchInAPlainJvmLoadsNoKernelClass() throws Exception {
    ChildJvm.Result r = ChildJvm.runOn(Path.of(System.getProperty("java.home"), "bin", "java"),
        List.of("-Xlog:class+load=info:stdout"), Child.class, Map.of());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("ok 3").contains("io.github.spencerpark.ijava=null")
        .contains("io.github.spencerpark.jupyter.kernel=null")
        .contains("org.dflib.jjava.jupyter.kernel=null").contains("org.zeromq=null")
        .doesNotContain("io.github.trialbook.jupyter.BaseKernelDisplay source:")
        .doesNotContain("io.github.trialbook.jupyter.JJavaDisplay source:");
  }

  /** The child: one batch, then which kernel packages its class loader defines. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      BatchResult r = Trialbook.runBatch(Trialbook.batch("plain", List.of(1, 2, 3), i -> "i" + i)
          .stage("double", t -> 2 * t.input()).parallelism(2).noCheckpoint()
          .consoleProgress(false).build());
      ClassLoader loader = Child.class.getClassLoader();
      StringBuilder out = new StringBuilder("ok " + r.ok());
      for (String p : List.of("io.github.spencerpark.ijava", "io.github.spencerpark.jupyter.kernel",
          "org.dflib.jjava.jupyter.kernel", "org.zeromq")) {
        out.append(' ').append(p).append('=').append(loader.getDefinedPackage(p));
      }
      System.out.println(out);
    }
  }
}
