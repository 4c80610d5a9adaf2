package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.SecretScrubber;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run directory's {@code manifest.json}: what ran (batch name, {@link Fingerprint}), where
 * (JDK, OS, host, parallelism), when (first start, this session's start, end), how far
 * ({@link RunCounts}) and how it ended ({@link RunStatus}). Never holds a secret: config params
 * whose key looks secret are stored as {@code ***}.
 *
 * @param sessions how many processes have run this directory (1 for a fresh run)
 * @param endedAt null while running
 * @param sweepAxes the parameter names of the sweep the configs came from, empty if none; the
 *     expected cases are the configs × the inputs of {@code input-ids.txt}
 */
record Manifest(String batch, RunStatus status, Fingerprint fingerprint, int parallelism,
    String jdk, String os, String host, Instant startedAt, Instant sessionStartedAt,
    Instant endedAt, int sessions, RunCounts counts, List<String> sweepAxes) {

  public Manifest {
    sweepAxes = sweepAxes == null ? List.of() : List.copyOf(sweepAxes);
  }

  static final String FILE = "manifest.json";
  static final int FORMAT = 1;

  /** The configs as recorded (secret params read {@code ***}). */
  public List<Config> configs() {
    List<Config> out = new ArrayList<>();
    fingerprint.configs().forEach((name, params) -> out.add(Config.of(name, params)));
    return out;
  }

  public List<String> stageNames() {
    return List.copyOf(fingerprint.stages().keySet());
  }

  Manifest with(RunStatus newStatus, Instant ended, RunCounts newCounts) {
    return new Manifest(batch, newStatus, fingerprint, parallelism, jdk, os, host, startedAt,
        sessionStartedAt, ended, sessions, newCounts, sweepAxes);
  }

  byte[] toJson() {
    LineBuffer out = new LineBuffer();
    try (JsonGenerator g = RecordCodec.JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeNumberField("format", FORMAT);
      g.writeStringField("batch", batch);
      g.writeStringField("status", status.label());
      g.writeObjectFieldStart("fingerprint");
      g.writeStringField("library_version", fingerprint.libraryVersion());
      g.writeArrayFieldStart("configs");
      for (Map.Entry<String, Map<String, Object>> c : fingerprint.configs().entrySet()) {
        g.writeStartObject();
        g.writeStringField("name", c.getKey());
        g.writeFieldName("params");
        ValueCodec.write(g, c.getValue(), SecretScrubber.none());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeArrayFieldStart("stages");
      for (Map.Entry<String, String> s : fingerprint.stages().entrySet()) {
        g.writeStartObject();
        g.writeStringField("name", s.getKey());
        g.writeStringField("resource", s.getValue());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeObjectFieldStart("inputs");
      g.writeNumberField("count", fingerprint.inputCount());
      g.writeStringField("digest", fingerprint.inputDigest());
      g.writeEndObject();
      g.writeEndObject();
      g.writeNumberField("parallelism", parallelism);
      g.writeStringField("jdk", jdk);
      g.writeStringField("os", os);
      g.writeStringField("host", host);
      g.writeStringField("started_at", startedAt.toString());
      g.writeStringField("session_started_at", sessionStartedAt.toString());
      g.writeStringField("ended_at", endedAt == null ? null : endedAt.toString());
      g.writeNumberField("sessions", sessions);
      g.writeObjectFieldStart("counts");
      g.writeNumberField("trials", counts.trials());
      g.writeNumberField("ok", counts.ok());
      g.writeNumberField("failed", counts.failed());
      g.writeNumberField("timeout", counts.timeout());
      g.writeNumberField("cancelled", counts.cancelled());
      g.writeNumberField("pending", counts.pending());
      g.writeEndObject();
      g.writeObjectFieldStart("sweep");
      g.writeArrayFieldStart("axes");
      for (String axis : sweepAxes) {
        g.writeString(axis);
      }
      g.writeEndArray();
      g.writeNumberField("expected_cases", counts.trials());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new CheckpointException("cannot encode the manifest: " + e, e);
    }
    out.write('\n');
    return out.takeBytes();
  }

  /** Reads {@code dir/manifest.json}; null when there is none. */
  static Manifest read(Path dir) {
    Path file = dir.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CheckpointException("cannot read " + file + ": " + e
          + "; check that the file is readable", e);
    }
    try (JsonParser p = RecordCodec.JSON.createParser(bytes)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("not a JSON object");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) ValueCodec.read(p);
      return fromMap(m);
    } catch (IOException | RuntimeException e) {
      throw new CheckpointException(file + " is not a readable Trialbook manifest (" + e.getMessage()
          + "); the manifest is replaced atomically, so something else wrote it. Fix: restore it, "
          + "or use a new runDir", e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Manifest fromMap(Map<String, Object> m) {
    Object format = m.get("format");
    if (!(format instanceof Integer f) || f > FORMAT) {
      throw new IllegalArgumentException("manifest format " + format + " is not supported by "
          + "this Trialbook version (reads format " + FORMAT + ")");
    }
    Map<String, Object> fp = (Map<String, Object>) req(m, "fingerprint");
    Map<String, Map<String, Object>> configs = new LinkedHashMap<>();
    for (Object o : (List<Object>) req(fp, "configs")) {
      Map<String, Object> c = (Map<String, Object>) o;
      configs.put((String) req(c, "name"), (Map<String, Object>) req(c, "params"));
    }
    Map<String, String> stages = new LinkedHashMap<>();
    for (Object o : (List<Object>) req(fp, "stages")) {
      Map<String, Object> s = (Map<String, Object>) o;
      stages.put((String) req(s, "name"), (String) s.get("resource"));
    }
    Map<String, Object> inputs = (Map<String, Object>) req(fp, "inputs");
    Fingerprint fingerprint = new Fingerprint(configs, stages, (Integer) req(inputs, "count"),
        (String) req(inputs, "digest"), (String) req(fp, "library_version"));
    Map<String, Object> c = (Map<String, Object>) req(m, "counts");
    RunCounts counts = new RunCounts((Integer) req(c, "trials"), (Integer) req(c, "ok"),
        (Integer) req(c, "failed"), (Integer) req(c, "timeout"), (Integer) req(c, "cancelled"));
    Object ended = m.get("ended_at");
    List<String> axes = new ArrayList<>();
    if (m.get("sweep") instanceof Map<?, ?> sweep && sweep.get("axes") instanceof List<?> list) {
      list.forEach(a -> axes.add(String.valueOf(a)));
    }
    return new Manifest((String) req(m, "batch"), RunStatus.ofLabel((String) req(m, "status")),
        fingerprint, (Integer) req(m, "parallelism"), (String) m.get("jdk"), (String) m.get("os"),
        (String) m.get("host"), Instant.parse((String) req(m, "started_at")),
        Instant.parse((String) req(m, "session_started_at")),
        ended == null ? null : Instant.parse((String) ended), (Integer) req(m, "sessions"), counts,
        axes);
  }

  private static Object req(Map<String, Object> m, String field) {
    Object v = m.get(field);
    if (v == null) {
      throw new IllegalArgumentException("field '" + field + "' is missing");
    }
    return v;
  }
}
