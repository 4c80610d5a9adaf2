package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency arrows of the design true: the shared vocabulary needs only the JDK, the
 * engine knows no table, chart, JSON or kernel library, and only {@code jupyter} touches a kernel.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/github/trialbook");
  private static final String P = "io.github.trialbook.";

  /** Package → import prefixes it may use besides {@code java.} and itself. */
  private static final Map<String, List<String>> ALLOWED = Map.of(
      "batch", List.of(P + "batch.", P + "internal."),
      "batch.event", List.of(P + "batch."),
      "internal", List.of(),
      "render", List.of(),
      "engine", List.of(P + "batch.", P + "store.TrialSink", P + "store.RecordCodec",
          P + "store.UnserializableOutputException", P + "internal."),
      "store", List.of(P + "batch.", P + "internal.", "com.fasterxml.jackson."),
      "eval", List.of(P + "batch.", P + "render.", P + "internal.", "tech.tablesaw.",
          "com.fasterxml.jackson."),
      "endpoint", List.of(P + "batch.", P + "render.", P + "internal.", "com.fasterxml.jackson."));

  @Test
  void packagesImportOnlyWhatTheDesignAllows() throws IOException {
    List<String> violations = new ArrayList<>();
    Pattern importLine = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
    for (Map.Entry<String, List<String>> e : ALLOWED.entrySet()) {
      Path dir = SOURCES.resolve(e.getKey().replace('.', '/'));
      try (Stream<Path> files = Files.list(dir)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = importLine.matcher(Files.readString(file));
          while (m.find()) {
            String imported = m.group(2);
            boolean ok = imported.startsWith("java.") || imported.startsWith(P + e.getKey() + ".")
                || e.getValue().stream().anyMatch(imported::startsWith);
            if (!ok) {
              violations.add(e.getKey() + "/" + file.getFileName() + " imports " + imported);
            }
          }
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void onlyTheJupyterPackageTouchesAKernel() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (!file.startsWith(SOURCES.resolve("jupyter"))
            && (source.contains("import io.github.spencerpark") || source.contains("import org.rapaio")
            || source.contains("import org.dflib"))) {
          violations.add(SOURCES.relativize(file).toString());
        }
      }
    }
    assertThat(violations).isEmpty();
  }
}
