package io.github.trialbook.cellhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The protocol side of stdout: one JSON object a line, flushed after each. An output written while
 * no cell runs (a background thread's print, say) waits and goes out with the next cell's id, so
 * nothing of a cell follows its {@code done} line.
 */
final class Outputs {
  static final ObjectMapper JSON = new ObjectMapper();

  private final OutputStream out;
  private final List<ObjectNode> pending = new ArrayList<>();
  private JsonNode current;

  Outputs(OutputStream out) {
    this.out = out;
  }

  /** The cell {@code id} starts: outputs from now on carry it. */
  synchronized void begin(JsonNode id) {
    current = id;
    List<ObjectNode> waiting = new ArrayList<>(pending);
    pending.clear();
    waiting.forEach(this::emit);
  }

  /** Writes the cell's {@code done} line; later outputs wait for the next cell. */
  synchronized void done(boolean ok) {
    ObjectNode node = JSON.createObjectNode().put("type", "done").put("status", ok ? "ok" : "error");
    emit(node);
    current = null;
  }

  synchronized void stream(String name, String text) {
    emit(JSON.createObjectNode().put("type", "stream").put("name", name).put("text", text));
  }

  synchronized void data(String type, Map<String, String> bundle) {
    ObjectNode node = JSON.createObjectNode().put("type", type);
    ObjectNode data = node.putObject("data");
    bundle.forEach(data::put);
    emit(node);
  }

  /** A {@code display_data} the runner can later replace by {@code displayId}. */
  synchronized void displayData(String displayId, Map<String, String> bundle) {
    ObjectNode node = JSON.createObjectNode().put("type", "display_data").put("display_id", displayId);
    ObjectNode data = node.putObject("data");
    bundle.forEach(data::put);
    emit(node);
  }

  /** Replaces the bundle of the {@code display_data} shown under {@code displayId}. */
  synchronized void updateDisplayData(String displayId, Map<String, String> bundle) {
    ObjectNode node = JSON.createObjectNode().put("type", "update_display_data")
        .put("display_id", displayId);
    ObjectNode data = node.putObject("data");
    bundle.forEach(data::put);
    emit(node);
  }

  synchronized void error(String ename, String evalue, List<String> traceback) {
    ObjectNode node = JSON.createObjectNode().put("type", "error").put("ename", ename).put("evalue", evalue);
    traceback.forEach(node.putArray("traceback")::add);
    emit(node);
  }

  /** A line about a request that is no cell (malformed JSON, say); it has no id. */
  synchronized void protocolError(String message) {
    write(JSON.createObjectNode().put("type", "protocol_error").put("message", message));
  }

  private void emit(ObjectNode body) {
    if (current == null) {
      pending.add(body);
      return;
    }
    ObjectNode node = JSON.createObjectNode();
    node.set("id", current);
    node.setAll(body);
    write(node);
  }

  private void write(ObjectNode node) {
    try {
      out.write((JSON.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
