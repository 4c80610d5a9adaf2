package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads trial log lines back into records. Not thread-safe: it shares repeated strings (config
 * names, input ids, stage-name lists) across the records it reads, so a million records cost
 * memory for their outputs, not for a million copies of the same names.
 */
final class RecordDecoder {
  private static final StageStatus[] STAGE_STATUSES = StageStatus.values();

  private final Map<String, String> names = new HashMap<>();
  private final StringPool values = new StringPool();
  private final Map<List<String>, List<String>> stageLists = new HashMap<>();
  private List<String> lastStages = List.of();
  private final boolean withOutputs;

  RecordDecoder() {
    this(true);
  }

  /** @param withOutputs false skips outputs and errors' frames (for key scans) */
  RecordDecoder(boolean withOutputs) {
    this.withOutputs = withOutputs;
  }

  TrialRecord decode(byte[] line, int offset, int length) throws IOException {
    try (JsonParser p = RecordCodec.JSON.createParser(line, offset, length)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("a line must be one JSON object");
      }
      TrialRecord r = read(p);
      if (p.nextToken() != null) {
        throw new IOException("text after the record's closing brace");
      }
      return r;
    }
  }

  /** Reads one record; the parser stands on its START_OBJECT and ends on its END_OBJECT. */
  TrialRecord read(JsonParser p) throws IOException {
    long seq = -1;
    String config = null;
    String input = null;
    TrialStatus status = null;
    int worker = -1;
    long startedAt = 0;
    long latency = 0;
    String[] stageNames = new String[0];
    Object[] outputs = new Object[0];
    long[] nanos = new long[0];
    int[] info = new int[0];
    TrialError error = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "seq" -> seq = p.getLongValue();
        case "config" -> config = shared(p.getText());
        case "input" -> input = shared(p.getText());
        case "status" -> status = trialStatus(p.getText());
        case "worker" -> worker = p.getIntValue();
        case "started_at" -> startedAt = p.getLongValue();
        case "latency_ns" -> latency = p.getLongValue();
        case "stages" -> {
          expect(value, JsonToken.START_ARRAY, field);
          int n = 0;
          while (p.nextToken() == JsonToken.START_ARRAY) {
            if (n == stageNames.length) {
              int size = Math.max(2, n * 2);
              stageNames = Arrays.copyOf(stageNames, size);
              outputs = Arrays.copyOf(outputs, size);
              nanos = Arrays.copyOf(nanos, size);
              info = Arrays.copyOf(info, size);
            }
            readStage(p, n, stageNames, outputs, nanos, info);
            n++;
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, field);
          stageNames = Arrays.copyOf(stageNames, n);
          outputs = Arrays.copyOf(outputs, n);
          nanos = Arrays.copyOf(nanos, n);
          info = Arrays.copyOf(info, n);
        }
        case "error" -> error = value == JsonToken.VALUE_NULL ? null : readError(p);
        default -> throw new IOException("unknown field '" + field + "'");
      }
    }
    if (seq < 0 || config == null || input == null || status == null) {
      throw new IOException("a record needs seq, config, input and status");
    }
    return new TrialRecord(config, input, status, worker, seq, startedAt, latency,
        stageList(stageNames), outputs, nanos, info, error);
  }

  private void readStage(JsonParser p, int i, String[] names, Object[] outputs, long[] nanos,
      int[] info) throws IOException {
    names[i] = shared(nextText(p, "stage name"));
    StageStatus status = stageStatus(nextText(p, "stage status"));
    expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT, "stage attempts");
    int attempts = p.getIntValue();
    expect(p.nextToken(), JsonToken.VALUE_NUMBER_INT, "stage nanos");
    nanos[i] = p.getLongValue();
    if (p.nextToken() != JsonToken.END_ARRAY) {
      if (withOutputs) {
        outputs[i] = ValueCodec.read(p, values);
      } else {
        p.skipChildren();
      }
      expect(p.nextToken(), JsonToken.END_ARRAY, "stage");
    }
    info[i] = TrialRecord.packStage(status, attempts);
  }

  private static String nextText(JsonParser p, String what) throws IOException {
    expect(p.nextToken(), JsonToken.VALUE_STRING, what);
    return p.getText();
  }

  private TrialError readError(JsonParser p) throws IOException {
    expect(p.currentToken(), JsonToken.START_OBJECT, "error");
    String cls = null;
    String message = null;
    String stage = null;
    int attempts = 0;
    List<String> frames = new ArrayList<>();
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "class" -> cls = shared(p.getText());
        case "message" -> message = p.getText();
        case "stage" -> stage = value == JsonToken.VALUE_NULL ? null : shared(p.getText());
        case "attempts" -> attempts = p.getIntValue();
        case "frames" -> {
          expect(value, JsonToken.START_ARRAY, field);
          while (p.nextToken() == JsonToken.VALUE_STRING) {
            if (withOutputs) {
              frames.add(p.getText());
            }
          }
          expect(p.currentToken(), JsonToken.END_ARRAY, field);
        }
        default -> throw new IOException("unknown error field '" + field + "'");
      }
    }
    return new TrialError(cls, message, stage, attempts, frames);
  }

  private static TrialStatus trialStatus(String label) throws IOException {
    return switch (label) {
      case "ok" -> TrialStatus.OK;
      case "failed" -> TrialStatus.FAILED;
      case "timeout" -> TrialStatus.TIMEOUT;
      case "cancelled" -> TrialStatus.CANCELLED;
      case "stopped" -> TrialStatus.STOPPED;
      default -> throw new IOException("unknown trial status '" + label + "'");
    };
  }

  private static StageStatus stageStatus(String label) throws IOException {
    for (StageStatus s : STAGE_STATUSES) {
      if (s.label().equals(label)) {
        return s;
      }
    }
    throw new IOException("unknown stage status '" + label + "'");
  }

  private static void expect(JsonToken actual, JsonToken expected, String field)
      throws IOException {
    if (actual != expected) {
      throw new IOException("field '" + field + "' must be " + expected + ", was " + actual);
    }
  }

  private String shared(String s) {
    if (!withOutputs) {
      return s; // a key scan keeps no records: sharing would cost a lookup for nothing
    }
    // input ids repeat once per config: sharing them is most of the memory saved
    String known = names.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  private List<String> stageList(String[] stageNames) {
    if (lastStages.size() == stageNames.length && lastStages.equals(Arrays.asList(stageNames))) {
      return lastStages;
    }
    List<String> list = List.of(stageNames);
    List<String> known = stageLists.putIfAbsent(list, list);
    lastStages = known == null ? list : known;
    return lastStages;
  }
}
