package io.github.trialbook.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@code main} class in a child JVM on this test's class path and collects its exit code,
 * stdout and stderr (through files, so a chatty child never blocks on a full pipe).
 *
 * <pre>{@code
 * ChildJvm.Result r = ChildJvm.run(Main.class, Map.of(), "--help");
 * assertThat(r.exit()).isZero();
 * }</pre>
 */
public final class ChildJvm {
  private static final long TIMEOUT_SECONDS = 120;

  /** What the child did. */
  public record Result(int exit, String out, String err) {}

  private ChildJvm() {}

  /** Runs {@code main} with {@code args} and extra environment variables {@code env}. */
  public static Result run(Class<?> main, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    return runOn(Path.of(System.getProperty("java.home"), "bin", "java"), List.of(), main, env,
        args);
  }

  /** Runs {@code main} on the {@code java} launcher given, with JVM options {@code jvmArgs}. */
  public static Result runOn(Path java, List<String> jvmArgs, Class<?> main,
      Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Djava.awt.headless=true"));
    command.addAll(jvmArgs);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    Path out = Files.createTempFile("child-jvm", ".out");
    Path err = Files.createTempFile("child-jvm", ".err");
    try {
      ProcessBuilder pb = new ProcessBuilder(command)
          .redirectOutput(out.toFile()).redirectError(err.toFile());
      pb.environment().putAll(env);
      Process child = pb.start();
      if (!child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly().waitFor();
        throw new AssertionError("child JVM " + command.subList(2, command.size())
            + " did not exit within " + TIMEOUT_SECONDS + " s; stdout: "
            + Files.readString(out, StandardCharsets.UTF_8));
      }
      return new Result(child.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
