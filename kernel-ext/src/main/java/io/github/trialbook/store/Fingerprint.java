package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.Stage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What makes two specs the same run: configs with their params (secret-looking params masked, so
 * rotating an API key does not start a new run), stages with their resources, the set of input
 * ids (as a count and an order-independent SHA-256 digest), and the library version.
 *
 * @param configs config name → params (masked, in the types they have after a round trip)
 * @param stages stage name → resource (null when the stage takes none), in stage order
 */
record Fingerprint(Map<String, Map<String, Object>> configs, Map<String, String> stages,
    int inputCount, String inputDigest, String libraryVersion) {

  public Fingerprint {
    configs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configs));
    stages = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stages));
  }

  /** The fingerprint of {@code spec}. */
  public static Fingerprint of(BatchSpec<?> spec) {
    Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
    for (Config c : spec.configs()) {
      configs.put(c.name(), canonical(c.name(), Secrets.redact(c.params())));
    }
    Map<String, String> stages = new LinkedHashMap<>();
    for (Stage<?> s : spec.stages()) {
      stages.put(s.name(), s.resource().orElse(null));
    }
    return new Fingerprint(configs, stages, spec.inputIds().size(), digest(spec.inputIds()),
        currentLibraryVersion());
  }

  static String currentLibraryVersion() {
    String v = Fingerprint.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** SHA-256 of the sorted ids, so input order does not matter (trial keys do not use it). */
  static String digest(List<String> ids) {
    String[] sorted = ids.toArray(new String[0]);
    Arrays.sort(sorted);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : sorted) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return "sha256:" + HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Params as they read back from the manifest, so equal params compare equal. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> canonical(String config, Map<String, Object> params) {
    try {
      var out = new LineBuffer();
      try (JsonGenerator g = RecordCodec.JSON.createGenerator(out)) {
        ValueCodec.write(g, params, SecretScrubber.none());
      }
      byte[] bytes = out.takeBytes();
      try (JsonParser p = RecordCodec.JSON.createParser(bytes)) {
        p.nextToken();
        return (Map<String, Object>) ValueCodec.read(p);
      }
    } catch (IOException | IllegalArgumentException e) {
      String fix = e instanceof JsonLimits.TooLarge ? JsonLimits.fix()
          : "use strings, numbers, booleans, lists or maps as params";
      throw new CheckpointException("a param of config " + config + " cannot be written to the "
          + "manifest: " + e.getMessage() + "; " + fix, e);
    }
  }

  /** True when nothing but the library version differs. */
  boolean sameRunAs(Fingerprint other) {
    return configs.equals(other.configs) && stages.equals(other.stages)
        && inputCount == other.inputCount && inputDigest.equals(other.inputDigest);
  }

  /**
   * What differs from {@code before}, one line each (empty when {@link #sameRunAs}).
   *
   * @param idsBefore the input ids of {@code before}, or null if unknown
   * @param idsNow this fingerprint's input ids
   */
  List<String> differencesFrom(Fingerprint before, List<String> idsBefore, List<String> idsNow) {
    List<String> out = new ArrayList<>();
    diffConfigs(before.configs, out);
    diffStages(before.stages, out);
    if (inputCount != before.inputCount || !inputDigest.equals(before.inputDigest)) {
      out.add(InputDiff.describe(before.inputCount, inputCount, idsBefore, idsNow));
    }
    return out;
  }

  private void diffConfigs(Map<String, Map<String, Object>> before, List<String> out) {
    List<String> added = new ArrayList<>(configs.keySet());
    added.removeAll(before.keySet());
    List<String> removed = new ArrayList<>(before.keySet());
    removed.removeAll(configs.keySet());
    if (!added.isEmpty()) {
      out.add("configs added: " + String.join(", ", added));
    }
    if (!removed.isEmpty()) {
      out.add("configs removed: " + String.join(", ", removed));
    }
    configs.forEach((name, params) -> {
      Map<String, Object> old = before.get(name);
      if (old != null && !old.equals(params)) {
        List<String> changes = new ArrayList<>();
        new java.util.TreeMap<>(params).forEach((k, v) -> { // sorted: stable messages
          if (!old.containsKey(k)) {
            changes.add(k + " added (" + v + ")");
          } else if (!Objects.equals(old.get(k), v)) {
            changes.add(k + " " + old.get(k) + " -> " + v);
          }
        });
        old.keySet().stream().filter(k -> !params.containsKey(k)).sorted()
            .forEach(k -> changes.add(k + " removed (was " + old.get(k) + ")"));
        out.add("config " + name + " params changed: " + String.join(", ", changes));
      }
    });
  }

  private void diffStages(Map<String, String> before, List<String> out) {
    List<String> oldNames = new ArrayList<>(before.keySet());
    List<String> newNames = new ArrayList<>(stages.keySet());
    List<String> added = new ArrayList<>(newNames);
    added.removeAll(oldNames);
    List<String> removed = new ArrayList<>(oldNames);
    removed.removeAll(newNames);
    if (added.size() == 1 && removed.size() == 1
        && oldNames.indexOf(removed.get(0)) == newNames.indexOf(added.get(0))) {
      out.add("stage renamed: " + removed.get(0) + " -> " + added.get(0));
    } else {
      if (!added.isEmpty()) {
        out.add("stages added: " + String.join(", ", added));
      }
      if (!removed.isEmpty()) {
        out.add("stages removed: " + String.join(", ", removed));
      }
    }
    if (added.isEmpty() && removed.isEmpty() && !oldNames.equals(newNames)) {
      out.add("stage order changed: " + oldNames + " -> " + newNames);
    }
    stages.forEach((name, resource) -> {
      if (before.containsKey(name) && !Objects.equals(before.get(name), resource)) {
        out.add("stage " + name + " resource changed: " + orNone(before.get(name)) + " -> "
            + orNone(resource));
      }
    });
  }

  private static String orNone(String resource) {
    return resource == null ? "none" : resource;
  }
}
