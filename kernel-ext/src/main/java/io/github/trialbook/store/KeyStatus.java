package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * What a resume needs of a log line and no more: key, seq and whether the trial finished. Stages
 * and errors are still parsed (a corrupt line is found either way) but nothing is built of them.
 */
record KeyStatus(String key, long seq, boolean finished) {

  static KeyStatus read(JsonParser p) throws IOException {
    long seq = -1;
    String config = null;
    String input = null;
    String status = null;
    for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
      JsonToken value = p.nextToken();
      switch (field) {
        case "seq" -> seq = p.getLongValue();
        case "config" -> config = p.getText();
        case "input" -> input = p.getText();
        case "status" -> status = p.getText();
        case "worker", "started_at", "latency_ns" -> {
          if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IOException("field '" + field + "' must be a number");
          }
        }
        case "stages", "error" -> p.skipChildren();
        default -> throw new IOException("unknown field '" + field + "'");
      }
    }
    if (seq < 0 || config == null || input == null || status == null) {
      throw new IOException("a record needs seq, config, input and status");
    }
    boolean finished = switch (status) {
      case "ok", "failed", "timeout" -> true;
      case "cancelled" -> false;
      default -> throw new IOException("unknown trial status '" + status + "'");
    };
    return new KeyStatus(config + "/" + input, seq, finished);
  }
}
