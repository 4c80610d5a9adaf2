package io.github.trialbook.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads a run directory's trial log as the tests count it: finished records per trial key. */
final class TrialLogs {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FINISHED = Set.of("ok", "failed", "timeout");

  private TrialLogs() {}

  /** Finished records per key, from {@code runDir/trials.jsonl} (a torn last line is skipped). */
  static Map<String, Integer> finishedPerKey(Path runDir) {
    Map<String, Integer> n = new TreeMap<>();
    try {
      for (String line : Files.readAllLines(runDir.resolve("trials.jsonl"))) {
        JsonNode r;
        try {
          r = JSON.readTree(line);
        } catch (IOException torn) {
          continue;
        }
        if (r != null && r.has("status") && FINISHED.contains(r.get("status").asText())) {
          n.merge(r.get("config").asText() + "/" + r.get("input").asText(), 1, Integer::sum);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  /** Lines of the log now (0 if it does not exist yet). */
  static long lines(Path runDir) {
    try {
      Path log = runDir.resolve("trials.jsonl");
      if (!Files.exists(log)) {
        return 0;
      }
      try (var lines = Files.lines(log)) {
        return lines.count();
      }
    } catch (IOException e) {
      return 0;
    }
  }
}
