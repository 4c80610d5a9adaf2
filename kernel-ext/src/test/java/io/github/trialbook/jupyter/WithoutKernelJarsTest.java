package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The jar where no kernel's classes exist (a plain JVM, or a kernel other than the adapter's): a
 * child JVM whose class path lacks JJava, IJava's basekernel and Rapaio finds every adapter, picks
 * none, runs a batch, and a JJava call says what is wrong instead of failing with a linkage error.
 */
class WithoutKernelJarsTest {
  private static final List<String> KERNEL_JARS = List.of("/org/dflib/", "/io/github/spencerpark/",
      "/io/github/padreati/", "/com/google/code/gson/", "/org/zeromq/");

  /** Runs in the child JVM. */
  public static final class Child {
    public static void main(String[] args) {
      System.out.println("jjava on class path: " + JJavaDisplay.jjavaPresent());
      System.out.println("adapters: " + Kernels.all().stream().map(KernelDisplay::id).sorted()
          .collect(Collectors.joining(",")));
      System.out.println("current: " + Kernels.current().map(KernelDisplay::id).orElse("none"));
      try {
        Kernels.named("jjava").display(Map.of("text/plain", "x"));
      } catch (IllegalStateException e) {
        System.out.println("jjava display: " + e.getMessage());
      }
      BatchResult r = Trialbook.runBatch(Trialbook.batch("plain", List.of(1, 2, 3), i -> "i" + i)
          .stage("double", t -> t.input() * 2).noCheckpoint().consoleProgress(false).build());
      System.out.println("batch: " + r.ok() + " ok");
    }
  }

  @Test
  void theCoreJarWorksWithoutAnyKernelsClasses() throws Exception {
    String classPath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> KERNEL_JARS.stream().noneMatch(entry.replace('\\', '/')::contains))
        .collect(Collectors.joining(File.pathSeparator));
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.awt.headless=true", "-cp", classPath, Child.class.getName())
        .redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(child.exitValue()).as(out).isZero();
    assertThat(out).contains("jjava on class path: false", "adapters: cellhost,console,ijava,jjava,rapaio",
        "current: none", "jjava display: kernel 'jjava' is not running in this JVM", "batch: 3 ok")
        .doesNotContain("NoClassDefFoundError", "ServiceConfigurationError");
  }
}
