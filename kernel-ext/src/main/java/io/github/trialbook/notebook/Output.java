package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * One output of a code cell, an nbformat 4 output object: {@code stream} ({@code name},
 * {@code text}), {@code execute_result} ({@code execution_count}, {@code data}, {@code metadata}),
 * {@code display_data} ({@code data}, {@code metadata}) or {@code error} ({@code ename},
 * {@code evalue}, {@code traceback}). A view of the notebook's JSON: fields it does not know stay.
 *
 * <pre>{@code
 * cell.addOutput(Output.stream("stdout", "300 samples\n"));
 * cell.addOutput(Output.displayData(Map.of("text/html", "<table>...</table>", "text/plain", "table"), Map.of()));
 * cell.addOutput(Output.error("java.lang.IllegalStateException", "no data", List.of("at Cell.run(#3)")));
 * }</pre>
 */
public final class Output {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  final ObjectNode node;

  Output(ObjectNode node) {
    this.node = node;
  }

  /** A {@code stream} output; {@code name} is {@code stdout} or {@code stderr}. */
  public static Output stream(String name, String text) {
    if (!"stdout".equals(name) && !"stderr".equals(name)) {
      throw new IllegalArgumentException("stream name must be stdout or stderr, got " + name);
    }
    ObjectNode n = NbJson.NODES.objectNode();
    n.put("output_type", "stream");
    n.put("name", name);
    n.put("text", Objects.requireNonNull(text, "text"));
    return new Output(n);
  }

  /**
   * An {@code execute_result}: the value of a cell's last expression. {@code data} maps mime types
   * to a string (text, or base64 for {@code image/png}) or, for JSON mime types, any value Jackson
   * can write.
   */
  public static Output executeResult(int executionCount, Map<String, ?> data, Map<String, ?> metadata) {
    ObjectNode n = NbJson.NODES.objectNode();
    n.put("output_type", "execute_result");
    n.put("execution_count", executionCount);
    n.set("data", bundle(data));
    n.set("metadata", MAPPER.valueToTree(metadata));
    return new Output(n);
  }

  /** A {@code display_data} output; {@code data} as for {@link #executeResult}. */
  public static Output displayData(Map<String, ?> data, Map<String, ?> metadata) {
    ObjectNode n = NbJson.NODES.objectNode();
    n.put("output_type", "display_data");
    n.set("data", bundle(data));
    n.set("metadata", MAPPER.valueToTree(metadata));
    return new Output(n);
  }

  /** An {@code error} output: the exception's class, message and stack lines. */
  public static Output error(String ename, String evalue, List<String> traceback) {
    ObjectNode n = NbJson.NODES.objectNode();
    n.put("output_type", "error");
    n.put("ename", Objects.requireNonNull(ename, "ename"));
    n.put("evalue", evalue == null ? "" : evalue);
    ArrayNode tb = n.putArray("traceback");
    traceback.forEach(tb::add);
    return new Output(n);
  }

  private static ObjectNode bundle(Map<String, ?> data) {
    ObjectNode d = NbJson.NODES.objectNode();
    new TreeSet<>(data.keySet()).forEach(mime -> d.set(mime, MAPPER.valueToTree(data.get(mime))));
    return d;
  }

  /** The output's type. */
  public OutputType type() {
    return OutputType.of(node.path("output_type").asText());
  }

  /** A stream's name ({@code stdout} or {@code stderr}); null for other outputs. */
  public String name() {
    return node.path("name").isTextual() ? node.get("name").textValue() : null;
  }

  /** A stream's text, its lines joined; null for other outputs. */
  public String text() {
    return NbJson.joined(node.get("text"));
  }

  /** The mime types of an {@code execute_result} or {@code display_data}, sorted; empty for others. */
  public Set<String> mimeTypes() {
    Set<String> s = new TreeSet<>();
    node.path("data").fieldNames().forEachRemaining(s::add);
    return Collections.unmodifiableSet(s);
  }

  /** The value of {@code mime} as text (lines joined), or null when absent or not a string. */
  public String dataText(String mime) {
    return NbJson.joined(node.path("data").get(mime));
  }

  /** The raw JSON value of {@code mime} (an object for {@code application/json}), or null. */
  public JsonNode data(String mime) {
    JsonNode v = node.path("data").get(mime);
    return v == null ? null : v.deepCopy();
  }

  /** An {@code execute_result}'s execution count, or null. */
  public Integer executionCount() {
    JsonNode c = node.get("execution_count");
    return c != null && c.isInt() ? c.intValue() : null;
  }

  /** An error's exception name; null for other outputs. */
  public String ename() {
    return node.path("ename").isTextual() ? node.get("ename").textValue() : null;
  }

  /** An error's message; null for other outputs. */
  public String evalue() {
    return node.path("evalue").isTextual() ? node.get("evalue").textValue() : null;
  }

  /** An error's traceback lines; empty for other outputs. */
  public List<String> traceback() {
    List<String> lines = new ArrayList<>();
    node.path("traceback").forEach(l -> lines.add(l.asText()));
    return Collections.unmodifiableList(lines);
  }

  /** A copy of the output's JSON object. */
  public ObjectNode json() {
    return node.deepCopy();
  }

  @Override
  public String toString() {
    return "Output[" + node.path("output_type").asText() + "]";
  }
}
