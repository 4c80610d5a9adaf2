package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jars as built by {@code mvn package}: they say which version they are, a run made with them
 * records that version, and they are reproducible (every entry carries the build's fixed
 * {@code project.build.outputTimestamp}, not the time of the build).
 */
class PackagedJarIT {
  private static final String VERSION = System.getProperty("trialbook.version");
  private static final Path ALL_JAR = Path.of(System.getProperty("trialbook.allJar"));
  private static final Path JAR = Path.of(System.getProperty("trialbook.jar"));

  @Test
  void bothJarsCarryTheProjectVersion() throws IOException {
    for (Path jar : List.of(JAR, ALL_JAR)) {
      try (JarFile file = new JarFile(jar.toFile())) {
        assertThat(file.getManifest().getMainAttributes().getValue("Implementation-Version"))
            .as("Implementation-Version of %s", jar.getFileName()).isEqualTo(VERSION);
      }
    }
  }

  @Test
  void aRunMadeWithTheJarRecordsItsVersionNotDev(@TempDir Path tmp) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Djava.io.tmpdir=" + tmp, "-jar", ALL_JAR.toString(),
        "demo", "--inputs", "5").redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("demo finished").isTrue();
    assertThat(p.exitValue()).as("demo exit code; output:\n%s", out).isZero();
    Matcher m = Pattern.compile("checkpoint in (\\S+)").matcher(out);
    assertThat(m.find()).as("demo names its run directory:\n%s", out).isTrue();
    JsonNode manifest = new ObjectMapper().readTree(Path.of(m.group(1)).resolve("manifest.json").toFile());
    assertThat(manifest.findValue("library_version").asText()).isEqualTo(VERSION);
  }

  @Test
  void entriesCarryFixedTimesNotTheBuildTime() throws IOException {
    Instant fixed = Instant.parse(System.getProperty("trialbook.outputTimestamp"));
    for (Path jar : List.of(JAR, ALL_JAR)) {
      List<String> off = new ArrayList<>();
      try (JarFile file = new JarFile(jar.toFile())) {
        for (JarEntry e : java.util.Collections.list(file.entries())) {
          long time = e.getLastModifiedTime().toMillis();
          // our entries carry the fixed time; the shaded dependencies keep their own (older) ones;
          // zip times have a 2-second resolution
          boolean ours = e.getName().startsWith("io/github/trialbook/");
          boolean ok = ours ? Math.abs(time - fixed.toEpochMilli()) <= 2_000 : time <= fixed.toEpochMilli() + 2_000;
          if (!ok) {
            off.add(e.getName() + " " + e.getLastModifiedTime());
          }
        }
      }
      assertThat(off).as("entries of %s with a time other than %s", jar.getFileName(), fixed).isEmpty();
    }
  }
}
