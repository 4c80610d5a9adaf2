package io.github.trialbook.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * Spark sessions for tests. {@code local-cluster[n,c,m]} starts real executor JVMs, which Spark
 * launches from a Spark home's {@code jars/}: here one made of the test's Maven class path
 * (its jars linked into {@code target/spark-home/jars}, its directories added as
 * {@code spark.executor.extraClassPath}), so nothing is downloaded.
 */
final class TestCluster {
  private TestCluster() {}

  static SparkSession start(String master) {
    return builder(master).getOrCreate();
  }

  static SparkSession.Builder builder(String master) {
    Path home = sparkHome();
    System.setProperty("spark.testing", "true"); // the workers then take spark.test.home
    System.setProperty("spark.test.home", home.toString());
    return SparkRunner.configure(SparkSession.builder())
        .master(master)
        .appName("trialbook-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.executor.extraClassPath", String.join(File.pathSeparator, classDirs()))
        .config("spark.sql.shuffle.partitions", "2");
  }

  /** {@code target/spark-home}, made once per build from the class path. */
  static synchronized Path sparkHome() {
    Path home = Path.of("target", "spark-home").toAbsolutePath();
    Path jars = home.resolve("jars");
    try {
      Files.createDirectories(jars);
      // the launcher asks for the Scala version of a build directory when SPARK_SCALA_VERSION is
      // not set
      Files.createDirectories(home.resolve("launcher/target/scala-2.13"));
      for (String entry : classPath()) {
        Path p = Path.of(entry);
        if (entry.endsWith(".jar") && Files.isRegularFile(p)) {
          Path link = jars.resolve(p.getFileName());
          if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, p.toAbsolutePath());
          }
        }
      }
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> classPath() {
    return List.of(System.getProperty("java.class.path").split(File.pathSeparator));
  }

  private static List<String> classDirs() {
    List<String> dirs = new ArrayList<>();
    for (String entry : classPath()) {
      if (Files.isDirectory(Path.of(entry))) {
        dirs.add(Path.of(entry).toAbsolutePath().toString());
      }
    }
    return dirs;
  }

  /** The executor JVM with id {@code executorId}, a descendant of this JVM (found with ps). */
  static Optional<ProcessHandle> executorProcess(String executorId) {
    java.util.Set<Long> mine = new java.util.HashSet<>();
    ProcessHandle.current().descendants().forEach(p -> mine.add(p.pid()));
    try {
      Process ps = new ProcessBuilder("ps", "-eo", "pid=,args=").start();
      String marker = "--executor-id " + executorId + " ";
      for (String line : new String(ps.getInputStream().readAllBytes()).split("\n")) {
        String l = line.trim();
        int sp = l.indexOf(' ');
        if (sp > 0 && l.contains("CoarseGrainedExecutorBackend") && (l + " ").contains(marker)) {
          long pid = Long.parseLong(l.substring(0, sp));
          if (mine.contains(pid)) {
            return ProcessHandle.of(pid);
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
