package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One cell of a {@link Notebook}: a live view of its JSON object, so changes show in the notebook
 * and fields this class does not know stay as they were. Tags live in {@code metadata.tags};
 * papermill's execution record of a code cell in {@code metadata.papermill} ({@code start_time},
 * {@code end_time}, {@code duration} in seconds, {@code status}, {@code exception}).
 *
 * <pre>{@code
 * Cell cell = notebook.cells().get(2);
 * cell.markRunning(Instant.now());
 * cell.clearOutputs();
 * cell.addOutput(Output.stream("stdout", "done\n"));
 * cell.markFinished(Instant.now(), false);
 * }</pre>
 */
public final class Cell {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  final ObjectNode node;

  Cell(ObjectNode node) {
    this.node = node;
  }

  /** The cell's type. */
  public CellType type() {
    return CellType.of(node.path("cell_type").asText());
  }

  /** The cell's {@code id} (nbformat 4.5 and later), or null. */
  public String id() {
    return node.path("id").isTextual() ? node.get("id").textValue() : null;
  }

  /** The source text, its lines joined. */
  public String source() {
    String s = NbJson.joined(node.get("source"));
    return s == null ? "" : s;
  }

  /** Replaces the source text. */
  public void setSource(String source) {
    node.set("source", NbJson.lines(Objects.requireNonNull(source, "source")));
  }

  /** The cell's metadata object (created when absent); changes show in the notebook. */
  public ObjectNode metadata() {
    JsonNode m = node.get("metadata");
    return m instanceof ObjectNode o ? o : node.putObject("metadata");
  }

  /** The tags in {@code metadata.tags}, in file order. */
  public List<String> tags() {
    List<String> tags = new ArrayList<>();
    node.path("metadata").path("tags").forEach(t -> tags.add(t.asText()));
    return Collections.unmodifiableList(tags);
  }

  /** Whether {@code metadata.tags} holds {@code tag}. */
  public boolean hasTag(String tag) {
    return tags().contains(tag);
  }

  /** Replaces the tags; an empty list removes {@code metadata.tags}. */
  public void setTags(List<String> tags) {
    if (tags.isEmpty()) {
      metadata().remove("tags");
      return;
    }
    ArrayNode a = metadata().putArray("tags");
    tags.forEach(a::add);
  }

  /** A code cell's {@code execution_count}, or null (never run, or not a code cell). */
  public Integer executionCount() {
    JsonNode c = node.get("execution_count");
    return c != null && c.isInt() ? c.intValue() : null;
  }

  /** Sets a code cell's {@code execution_count}; null clears it. */
  public void setExecutionCount(Integer count) {
    requireCode("execution_count");
    if (count == null) {
      node.putNull("execution_count");
    } else {
      node.put("execution_count", count);
    }
  }

  /** A code cell's outputs, in order; empty for other cells. */
  public List<Output> outputs() {
    List<Output> out = new ArrayList<>();
    node.path("outputs").forEach(o -> out.add(new Output((ObjectNode) o)));
    return Collections.unmodifiableList(out);
  }

  /** Appends an output to a code cell (a copy of {@code output}). */
  public void addOutput(Output output) {
    outputsArray().add(output.node.deepCopy());
  }

  /** Replaces output {@code index} of a code cell (with a copy of {@code output}). */
  public void setOutput(int index, Output output) {
    ArrayNode outputs = outputsArray();
    if (index < 0 || index >= outputs.size()) {
      throw new IndexOutOfBoundsException("output index " + index + " outside 0.." + (outputs.size() - 1));
    }
    outputs.set(index, output.node.deepCopy());
  }

  /**
   * Appends stream text as Jupyter front ends do: to the last output when that is the same stream,
   * else as a new {@code stream} output.
   */
  public void appendStream(String name, String text) {
    ArrayNode outputs = outputsArray();
    if (!outputs.isEmpty()) {
      ObjectNode last = (ObjectNode) outputs.get(outputs.size() - 1);
      if ("stream".equals(last.path("output_type").asText()) && name.equals(last.path("name").asText())) {
        last.put("text", NbJson.joined(last.get("text")) + text);
        return;
      }
    }
    addOutput(Output.stream(name, text));
  }

  /** Removes a code cell's outputs and its execution count. */
  public void clearOutputs() {
    outputsArray().removeAll();
    node.putNull("execution_count");
  }

  private ArrayNode outputsArray() {
    requireCode("outputs");
    JsonNode o = node.get("outputs");
    return o instanceof ArrayNode a ? a : node.putArray("outputs");
  }

  private void requireCode(String field) {
    if (type() != CellType.CODE) {
      throw new IllegalStateException(field + " belongs to code cells; this is a " + type().json() + " cell");
    }
  }

  /** {@code metadata.papermill.status}, or null when papermill's record is absent. */
  public ExecutionStatus status() {
    JsonNode s = node.path("metadata").path("papermill").get("status");
    return s != null && s.isTextual() ? ExecutionStatus.of(s.textValue()) : null;
  }

  /** {@code metadata.papermill.start_time}, or null. */
  public Instant startTime() {
    return instant(node.path("metadata").path("papermill").get("start_time"));
  }

  /** {@code metadata.papermill.end_time}, or null. */
  public Instant endTime() {
    return instant(node.path("metadata").path("papermill").get("end_time"));
  }

  /** {@code metadata.papermill.duration} in seconds, or null. */
  public Double durationSeconds() {
    JsonNode d = node.path("metadata").path("papermill").get("duration");
    return d != null && d.isNumber() ? d.doubleValue() : null;
  }

  /** Papermill's record before a run: status {@code pending}, times and exception null. */
  public void markPending() {
    ObjectNode p = metadata().putObject("papermill");
    p.putNull("start_time");
    p.putNull("end_time");
    p.putNull("duration");
    p.put("status", ExecutionStatus.PENDING.json());
    p.putNull("exception");
  }

  /** Papermill's record when the cell starts: status {@code running} and its start time. */
  public void markRunning(Instant start) {
    ObjectNode p = papermill();
    p.put("start_time", TIME.format(start));
    p.putNull("end_time");
    p.putNull("duration");
    p.put("status", ExecutionStatus.RUNNING.json());
    p.putNull("exception");
  }

  /**
   * Papermill's record when the cell ends: end time, duration since the start time (null when
   * none was recorded), status {@code completed} or {@code failed}, and {@code exception}.
   */
  public void markFinished(Instant end, boolean failed) {
    ObjectNode p = papermill();
    Instant start = instant(p.get("start_time"));
    p.put("end_time", TIME.format(end));
    if (start == null) {
      p.putNull("duration");
    } else {
      p.put("duration", Duration.between(start, end).toNanos() / 1e9);
    }
    p.put("status", (failed ? ExecutionStatus.FAILED : ExecutionStatus.COMPLETED).json());
    p.put("exception", failed);
  }

  private ObjectNode papermill() {
    JsonNode p = metadata().get("papermill");
    return p instanceof ObjectNode o ? o : metadata().putObject("papermill");
  }

  /** Papermill's times: ISO-8601 with or without an offset (without one it is UTC). */
  static Instant instant(JsonNode n) {
    if (n == null || !n.isTextual()) {
      return null;
    }
    String s = n.textValue();
    try {
      return OffsetDateTime.parse(s).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "Cell[" + node.path("cell_type").asText() + (id() == null ? "" : " " + id()) + "]";
  }
}
