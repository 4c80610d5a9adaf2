package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.io.IOException;
import java.util.Collection;

/**
 * Turns a {@link TrialRecord} into one line of the trial log ({@code trials.jsonl}) and back.
 *
 * <p>The engine calls {@link #encode} on the worker thread that ran the trial, so an output that
 * cannot be written fails that trial at once ({@link UnserializableOutputException}) and the
 * writer thread only copies finished bytes. One line looks like:
 *
 * <pre>{@code
 * {"seq":7,"config":"A","input":"doc-3","status":"ok","worker":2,"started_at":1763900000000,
 *  "latency_ns":1200,"stages":[["s1","ok",1,900,{"label":"spam"}],["s2","not_run",0,0]],
 *  "error":{"class":"...","message":"...","stage":"s2","attempts":3,"frames":["..."]}}
 * }</pre>
 *
 * (on one line). Each stage is {@code [name, status, attempts, nanos, output]}, the output left
 * out when null: positional, because a million lines parse faster with fewer field names.
 * {@code error} is present only when the trial failed; {@code started_at} is epoch milliseconds.
 * Outputs use the encoding of {@code ValueCodec}: NaN and ±Infinity as {@code {"$double":"NaN"}},
 * longs and other non-JSON types as tag objects, so every value comes back with its type.
 *
 * <pre>{@code
 * RecordCodec codec = RecordCodec.of(spec.configs());
 * byte[] line;
 * try {
 *   line = codec.encode(record);
 * } catch (UnserializableOutputException e) {
 *   record = e.failedTrial(record);
 *   line = codec.encode(record);
 * }
 * }</pre>
 */
public final class RecordCodec {
  /** Writes and reads within {@link JsonLimits}, so every line written can be read back. */
  static final JsonFactory JSON = JsonLimits.FACTORY;

  // field names encoded once, not per record
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString CONFIG = new SerializedString("config");
  private static final SerializedString INPUT = new SerializedString("input");
  private static final SerializedString STATUS = new SerializedString("status");
  private static final SerializedString WORKER = new SerializedString("worker");
  private static final SerializedString STARTED_AT = new SerializedString("started_at");
  private static final SerializedString LATENCY_NS = new SerializedString("latency_ns");
  private static final SerializedString STAGES = new SerializedString("stages");

  private static final SerializedString[] TRIAL_LABELS = labels(TrialStatus.values());
  private static final SerializedString[] STAGE_LABELS = labels(StageStatus.values());

  private static SerializedString[] labels(Enum<?>[] values) {
    SerializedString[] out = new SerializedString[values.length];
    for (Enum<?> v : values) {
      out[v.ordinal()] = new SerializedString(v.name().toLowerCase(java.util.Locale.ROOT));
    }
    return out;
  }

  private static final ThreadLocal<Encoder> ENCODERS = ThreadLocal.withInitial(Encoder::new);

  private final SecretScrubber scrubber;

  private RecordCodec(SecretScrubber scrubber) {
    this.scrubber = scrubber;
  }

  /**
   * A codec that also cuts the secrets of {@code configs} ({@link Secrets#scrubber}) out of every
   * string and map key it writes: the engine hands it records it scrubbed already, so this is the
   * last line, for records made elsewhere.
   */
  public static RecordCodec of(Collection<Config> configs) {
    return new RecordCodec(Secrets.scrubber(configs));
  }

  /** A codec without secrets to scrub (for reading, and for tests). */
  public static RecordCodec plain() {
    return new RecordCodec(SecretScrubber.none());
  }

  /**
   * {@code value} as JSON (records as objects of their components), its strings scrubbed of the
   * configs' secrets like a record's outputs.
   *
   * @throws IOException if the value cannot be written
   */
  byte[] encodeValue(Object value) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      ValueCodec.write(g, value, scrubber);
    }
    return out.toByteArray();
  }

  /**
   * The record as one JSON line, ending in {@code '\n'}. Thread-safe; call it on the worker.
   *
   * @throws UnserializableOutputException if a stage output or the error cannot be written
   *     (a type Jackson cannot write, or a value beyond {@link JsonLimits}); nothing was written
   *     anywhere
   */
  public byte[] encode(TrialRecord r) {
    Encoder encoder = ENCODERS.get();
    int stage = -1;
    boolean inError = false;
    try {
      JsonLimits.checkString(r.inputId(), "the input id");
      JsonGenerator g = encoder.generator;
      g.writeStartObject();
      g.writeFieldName(SEQ);
      g.writeNumber(r.seq());
      g.writeFieldName(CONFIG);
      g.writeString(r.config());
      g.writeFieldName(INPUT);
      g.writeString(r.inputId());
      g.writeFieldName(STATUS);
      g.writeString(TRIAL_LABELS[r.status().ordinal()]);
      g.writeFieldName(WORKER);
      g.writeNumber(r.worker());
      g.writeFieldName(STARTED_AT);
      g.writeNumber(r.startedAtMillis());
      g.writeFieldName(LATENCY_NS);
      g.writeNumber(r.latencyNanos());
      g.writeFieldName(STAGES);
      g.writeStartArray();
      for (stage = 0; stage < r.stageCount(); stage++) {
        g.writeStartArray();
        g.writeString(r.stageNames().get(stage));
        g.writeString(STAGE_LABELS[r.stageStatus(stage).ordinal()]);
        g.writeNumber(r.stageAttempts(stage));
        g.writeNumber(r.stageNanos(stage));
        Object output = r.output(stage);
        if (output != null) {
          ValueCodec.write(g, output, scrubber);
        }
        g.writeEndArray();
      }
      stage = -1;
      g.writeEndArray();
      if (r.error() != null) {
        inError = true;
        writeError(g, r.error());
        inError = false;
      }
      g.writeEndObject();
      g.flush();
    } catch (IOException | IllegalArgumentException e) {
      ENCODERS.remove(); // its generator is mid-record: start the next line with a fresh one
      throw inError ? unwritableError(r, e) : unserializable(r, stage, e);
    }
    encoder.out.write('\n');
    return encoder.out.takeBytes();
  }

  /**
   * A generator per thread, kept across records (making one per record costs more than writing
   * a small record); lines are root values with no separator, taken out after each flush.
   */
  private static final class Encoder {
    final LineBuffer out = new LineBuffer();
    final JsonGenerator generator;

    Encoder() {
      try {
        generator = JSON.createGenerator(out);
      } catch (IOException e) {
        throw new IllegalStateException("an in-memory generator cannot fail", e);
      }
      generator.setRootValueSeparator(null);
    }
  }

  private void writeError(JsonGenerator g, TrialError e) throws IOException {
    if (e.message() != null) {
      JsonLimits.checkString(e.message(), "its message");
    }
    for (String frame : e.stack()) {
      JsonLimits.checkString(frame, "a stack frame");
    }
    g.writeObjectFieldStart("error");
    g.writeStringField("class", e.exceptionClass());
    g.writeStringField("message", scrubber.scrub(e.message()));
    g.writeStringField("stage", e.stage());
    g.writeNumberField("attempts", e.attempts());
    g.writeArrayFieldStart("frames");
    for (String frame : e.stack()) {
      g.writeString(scrubber.scrub(frame));
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static UnserializableOutputException unserializable(TrialRecord r, int stage,
      Exception e) {
    if (stage < 0) {
      return new UnserializableOutputException(null, "trial " + keyOf(r)
          + " cannot be written to the checkpoint log: " + e.getMessage(), e);
    }
    String name = r.stageNames().get(stage);
    Object output = r.output(stage);
    String fix = e instanceof JsonLimits.TooLarge ? JsonLimits.fix()
        : "return a Map, a List, a record, a String or a number, or a class Jackson can"
            + " serialize (public getters)";
    return new UnserializableOutputException(name, "output of stage '" + name + "' of trial "
        + keyOf(r) + " (" + (output == null ? "null" : output.getClass().getName())
        + ") cannot be written to the checkpoint log: " + e.getMessage() + "; " + fix, e);
  }

  /** The trial failed and its error cannot be written: the trial fails with this error instead. */
  private static UnserializableOutputException unwritableError(TrialRecord r, Exception e) {
    TrialError error = r.error();
    String fix = e instanceof JsonLimits.TooLarge ? "; throw an exception with a shorter message"
        : "";
    String where = error.stage() == null ? "" : " of stage '" + error.stage() + "'";
    return new UnserializableOutputException(error.stage(), "the error" + where + " of trial "
        + keyOf(r) + " (" + error.exceptionClass()
        + ") cannot be written to the checkpoint log: " + e.getMessage() + fix, e);
  }

  /** The key for a message: an input id too long for the log must not make the message so. */
  private static String keyOf(TrialRecord r) {
    String key = r.key();
    return key.length() <= 200 ? key : key.substring(0, 197) + "...";
  }

  /** Reads one line written by {@link #encode} (trailing newline optional). */
  public static TrialRecord decode(byte[] line) {
    try {
      return new RecordDecoder().decode(line, 0, line.length);
    } catch (IOException e) {
      throw new CheckpointException("not a trial log line: " + e.getMessage(), e);
    }
  }
}
