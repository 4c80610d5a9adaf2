package io.github.trialbook.process;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds required artifacts in a case directory: plain relative paths, or globs such as
 * {@code out/series/*.parquet} ({@code **} crosses directories). Earlier attempts
 * ({@code attempt-<n>/}) are not searched.
 *
 * <pre>{@code
 * Map<String, List<String>> found = Artifacts.find(caseDir, List.of("out/summary.json", "out/*.csv"));
 * }</pre>
 */
public final class Artifacts {
  private Artifacts() {}

  /** For each pattern, the matching files relative to {@code caseDir} (empty when missing). */
  public static Map<String, List<String>> find(Path caseDir, List<String> patterns) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String pattern : patterns) {
      out.put(pattern, matches(caseDir, pattern));
    }
    return out;
  }

  /** The patterns that match no file. */
  public static List<String> missing(Path caseDir, List<String> patterns) {
    List<String> missing = new ArrayList<>();
    find(caseDir, patterns).forEach((p, files) -> {
      if (files.isEmpty()) {
        missing.add(p);
      }
    });
    return missing;
  }

  static boolean isGlob(String pattern) {
    return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
  }

  private static List<String> matches(Path caseDir, String pattern) {
    if (!isGlob(pattern)) {
      return Files.isRegularFile(caseDir.resolve(pattern)) ? List.of(pattern) : List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
    if (!Files.isDirectory(caseDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(caseDir, depth)) {
      return files.filter(Files::isRegularFile).map(caseDir::relativize)
          .filter(rel -> !rel.getName(0).toString().matches("attempt-\\d+"))
          .filter(matcher::matches).map(rel -> rel.toString().replace('\\', '/')).sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
