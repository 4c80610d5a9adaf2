package io.github.trialbook.notebook;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.trialbook.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An nbformat 4 notebook held as its JSON tree, so a read and a write keep every field, cell id
 * and metadata entry, known or not. Reading checks the structure nbformat requires and names the
 * first bad field; a cell's {@code source} may be a string or a list of strings.
 *
 * <p>Writing follows nbformat's own writer, so a notebook Jupyter saved comes back byte for byte:
 * 1-space indent, keys sorted, non-ASCII characters unescaped, a trailing newline, and multiline
 * strings (cell sources, stream text, {@code text/*} and {@code image/svg+xml} data) as lists of
 * lines. The differences a round trip can show are formatting only: key order, indentation, a
 * string source written as a list, and floats in Python's {@code repr} form. {@link #save} is
 * atomic: a crash leaves the previous file or the new one, never half of one.
 *
 * <pre>{@code
 * Notebook nb = Notebook.read(Path.of("notebooks/report.ipynb"));
 * for (Cell cell : nb.cells()) {
 *   if (cell.type() == CellType.CODE) {
 *     cell.clearOutputs();
 *     cell.markPending();
 *   }
 * }
 * nb.save(Path.of("out.ipynb"));
 * }</pre>
 */
public final class Notebook {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final Pattern CELL_ID = Pattern.compile("[a-zA-Z0-9_-]{1,64}");
  private final ObjectNode root;

  private Notebook(ObjectNode root) {
    this.root = root;
  }

  /** An empty nbformat 4.5 notebook for Java. */
  public static Notebook empty() {
    ObjectNode root = NbJson.NODES.objectNode();
    root.putArray("cells");
    root.putObject("metadata").putObject("language_info").put("name", "java");
    root.put("nbformat", 4);
    root.put("nbformat_minor", 5);
    return new Notebook(root);
  }

  /** Reads and checks a notebook file; the exception names the file and the bad field. */
  public static Notebook read(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new NotebookException("cannot read notebook " + file + ": " + e, e);
    }
    return parse(json, file.toString());
  }

  /** Parses and checks notebook JSON; {@code origin} (a file name) starts every error message. */
  public static Notebook parse(String json, String origin) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new NotebookException(origin + ": not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
              + e.getLocation().getColumnNr() + ")"), e);
    }
    if (tree == null || !tree.isObject()) {
      throw new NotebookException(origin + ": a notebook is a JSON object, got " + kind(tree));
    }
    new Checker(origin).notebook((ObjectNode) tree);
    return new Notebook((ObjectNode) tree);
  }

  /** {@link #parse(String, String)} with {@code "notebook"} as the origin. */
  public static Notebook parse(String json) {
    return parse(json, "notebook");
  }

  /** The cells, in order: live views (a changed cell changes the notebook); the list is a snapshot. */
  public List<Cell> cells() {
    List<Cell> out = new ArrayList<>();
    cellsArray().forEach(c -> out.add(new Cell((ObjectNode) c)));
    return Collections.unmodifiableList(out);
  }

  /** The cell at {@code index}. */
  public Cell cell(int index) {
    return new Cell((ObjectNode) cellsArray().get(checkIndex(index, size())));
  }

  /** The number of cells. */
  public int size() {
    return cellsArray().size();
  }

  /** The index of the first cell tagged {@code tag}, or -1. */
  public int indexOfTag(String tag) {
    List<Cell> cells = cells();
    for (int i = 0; i < cells.size(); i++) {
      if (cells.get(i).hasTag(tag)) {
        return i;
      }
    }
    return -1;
  }

  /** Inserts an empty code cell with {@code source} at {@code index} (a new id from nbformat 4.5). */
  public Cell insertCode(int index, String source) {
    ObjectNode c = newCell(CellType.CODE, source);
    c.putNull("execution_count");
    c.putArray("outputs");
    return insert(index, c);
  }

  /** Inserts a markdown cell with {@code source} at {@code index}. */
  public Cell insertMarkdown(int index, String source) {
    return insert(index, newCell(CellType.MARKDOWN, source));
  }

  private ObjectNode newCell(CellType type, String source) {
    ObjectNode c = NbJson.NODES.objectNode();
    c.put("cell_type", type.json());
    if (nbformatMinor() >= 5) {
      c.put("id", unusedId());
    }
    c.putObject("metadata");
    c.set("source", NbJson.lines(source));
    return c;
  }

  private Cell insert(int index, ObjectNode c) {
    cellsArray().insert(checkIndex(index, size() + 1), c);
    return new Cell(c);
  }

  /** Removes the cell at {@code index} and returns it. */
  public Cell remove(int index) {
    return new Cell((ObjectNode) cellsArray().remove(checkIndex(index, size())));
  }

  /** The first {@code cell-<n>} id no cell has, n counting from the number of cells. */
  private String unusedId() {
    Set<String> ids = new HashSet<>();
    cells().forEach(c -> ids.add(c.id()));
    int n = size();
    while (ids.contains("cell-" + n)) {
      n++;
    }
    return "cell-" + n;
  }

  /** The notebook's metadata object (created when absent); changes show in the notebook. */
  public ObjectNode metadata() {
    JsonNode m = root.get("metadata");
    return m instanceof ObjectNode o ? o : root.putObject("metadata");
  }

  /** {@code metadata.papermill}, created when absent. */
  public ObjectNode papermillMetadata() {
    JsonNode p = metadata().get("papermill");
    return p instanceof ObjectNode o ? o : metadata().putObject("papermill");
  }

  /** {@code nbformat_minor}. */
  public int nbformatMinor() {
    return root.path("nbformat_minor").asInt();
  }

  /** A deep copy. */
  public Notebook copy() {
    return new Notebook(root.deepCopy());
  }

  /** A copy of the whole JSON tree, as held (sources as read: strings or lists). */
  public ObjectNode json() {
    return root.deepCopy();
  }

  /** The notebook as nbformat writes it (see the class comment). */
  public String toJson() {
    ObjectNode copy = root.deepCopy();
    NbJson.splitMultiline(copy);
    return NbJson.write(copy);
  }

  /**
   * Writes {@link #toJson()} to {@code file} atomically: into a temporary file beside it, flushed
   * to disk, then moved over {@code file}.
   */
  public void save(Path file) {
    writeAtomically(file, toJson());
  }

  /** Writes {@code text} to {@code file} through a temporary file and an atomic move. */
  static void writeAtomically(Path file, String text) {
    try {
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NotebookException("cannot save " + file + ": " + e, e);
    }
  }

  private ArrayNode cellsArray() {
    return (ArrayNode) root.get("cells");
  }

  private static int checkIndex(int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("cell index " + index + " outside 0.." + (size - 1));
    }
    return index;
  }

  static String kind(JsonNode n) {
    if (n == null || n.isMissingNode()) {
      return "nothing";
    }
    return switch (n.getNodeType()) {
      case ARRAY -> "a list";
      case OBJECT -> "an object";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> n.getNodeType().toString().toLowerCase();
    };
  }

  /** The structural checks of nbformat 4 that the model relies on, each naming its field. */
  private static final class Checker {
    private final String origin;

    Checker(String origin) {
      this.origin = origin;
    }

    private NotebookException bad(String field, String problem) {
      return new NotebookException(origin + ": " + field + ": " + problem);
    }

    void notebook(ObjectNode nb) {
      JsonNode format = nb.get("nbformat");
      if (format == null || !format.isInt()) {
        throw bad("nbformat", "expected the integer 4, got " + kind(format)
            + (format == null ? " (is this a Jupyter notebook?)" : ""));
      }
      if (format.intValue() != 4) {
        throw bad("nbformat", "only nbformat 4 is supported, got " + format.intValue()
            + " (convert it with: jupyter nbconvert --to notebook --nbformat 4)");
      }
      JsonNode minor = nb.get("nbformat_minor");
      if (minor == null || !minor.isInt() || minor.intValue() < 0) {
        throw bad("nbformat_minor", "expected a non-negative integer, got " + kind(minor));
      }
      object(nb.get("metadata"), "metadata", false);
      JsonNode cells = nb.get("cells");
      if (cells == null || !cells.isArray()) {
        throw bad("cells", "expected a list of cells, got " + kind(cells));
      }
      Map<String, Integer> ids = new HashMap<>();
      for (int i = 0; i < cells.size(); i++) {
        cell(cells.get(i), "cells[" + i + "]", ids, i);
      }
    }

    private void cell(JsonNode cell, String at, Map<String, Integer> ids, int index) {
      if (!cell.isObject()) {
        throw bad(at, "expected a cell object, got " + kind(cell));
      }
      JsonNode type = cell.get("cell_type");
      CellType t = type != null && type.isTextual() ? CellType.of(type.textValue()) : null;
      if (t == null) {
        throw bad(at + ".cell_type", "expected code, markdown or raw, got "
            + (type != null && type.isTextual() ? "'" + type.textValue() + "'" : kind(type)));
      }
      JsonNode id = cell.get("id");
      if (id != null) {
        if (!id.isTextual() || !CELL_ID.matcher(id.textValue()).matches()) {
          throw bad(at + ".id", "expected 1 to 64 letters, digits, '-' or '_', got "
              + (id.isTextual() ? "'" + id.textValue() + "'" : kind(id)));
        }
        Integer other = ids.putIfAbsent(id.textValue(), index);
        if (other != null) {
          throw bad(at + ".id", "'" + id.textValue() + "' is also the id of cells[" + other + "]");
        }
      }
      multiline(cell.get("source"), at + ".source", true);
      JsonNode meta = object(cell.get("metadata"), at + ".metadata", false);
      if (meta != null) {
        JsonNode tags = meta.get("tags");
        if (tags != null && (!tags.isArray() || !allText(tags))) {
          throw bad(at + ".metadata.tags", "expected a list of strings, got " + kind(tags));
        }
        JsonNode pm = meta.get("papermill");
        if (pm != null && pm.isObject() && pm.hasNonNull("status")) {
          JsonNode s = pm.get("status");
          if (!s.isTextual() || ExecutionStatus.of(s.textValue()) == null) {
            throw bad(at + ".metadata.papermill.status", "expected pending, running, completed or failed, got "
                + (s.isTextual() ? "'" + s.textValue() + "'" : kind(s)));
          }
        }
      }
      if (t != CellType.CODE) {
        return;
      }
      JsonNode count = cell.get("execution_count");
      if (count != null && !count.isNull() && !count.isInt()) {
        throw bad(at + ".execution_count", "expected an integer or null, got " + kind(count));
      }
      JsonNode outputs = cell.get("outputs");
      if (outputs == null) {
        return;
      }
      if (!outputs.isArray()) {
        throw bad(at + ".outputs", "expected a list of outputs, got " + kind(outputs));
      }
      for (int j = 0; j < outputs.size(); j++) {
        output(outputs.get(j), at + ".outputs[" + j + "]");
      }
    }

    private void output(JsonNode out, String at) {
      if (!out.isObject()) {
        throw bad(at, "expected an output object, got " + kind(out));
      }
      JsonNode type = out.get("output_type");
      OutputType t = type != null && type.isTextual() ? OutputType.of(type.textValue()) : null;
      if (t == null) {
        throw bad(at + ".output_type", "expected stream, execute_result, display_data or error, got "
            + (type != null && type.isTextual() ? "'" + type.textValue() + "'" : kind(type)));
      }
      switch (t) {
        case STREAM -> {
          JsonNode name = out.get("name");
          if (name == null || !name.isTextual()) {
            throw bad(at + ".name", "expected stdout or stderr, got " + kind(name));
          }
          multiline(out.get("text"), at + ".text", true);
        }
        case EXECUTE_RESULT, DISPLAY_DATA -> {
          JsonNode data = object(out.get("data"), at + ".data", true);
          data.fields().forEachRemaining(e -> {
            if (NbJson.splitsMime(e.getKey()) || e.getKey().startsWith("image/")) {
              multiline(e.getValue(), at + ".data['" + e.getKey() + "']", true);
            }
          });
          object(out.get("metadata"), at + ".metadata", false);
          JsonNode count = out.get("execution_count");
          if (t == OutputType.EXECUTE_RESULT && count != null && !count.isNull() && !count.isInt()) {
            throw bad(at + ".execution_count", "expected an integer or null, got " + kind(count));
          }
        }
        case ERROR -> {
          for (String f : List.of("ename", "evalue")) {
            if (out.get(f) == null || !out.get(f).isTextual()) {
              throw bad(at + "." + f, "expected a string, got " + kind(out.get(f)));
            }
          }
          JsonNode tb = out.get("traceback");
          if (tb == null || !tb.isArray() || !allText(tb)) {
            throw bad(at + ".traceback", "expected a list of strings, got " + kind(tb));
          }
        }
        default -> throw new AssertionError(t);
      }
    }

    private JsonNode object(JsonNode n, String at, boolean required) {
      if (n == null && !required) {
        return null;
      }
      if (n == null || !n.isObject()) {
        throw bad(at, "expected an object, got " + kind(n));
      }
      return n;
    }

    private void multiline(JsonNode n, String at, boolean required) {
      if (n == null && !required) {
        return;
      }
      if (n == null || !(n.isTextual() || n.isArray() && allText(n))) {
        throw bad(at, "expected a string or a list of strings, got " + kind(n));
      }
    }

    private static boolean allText(JsonNode array) {
      for (JsonNode e : array) {
        if (!e.isTextual()) {
          return false;
        }
      }
      return true;
    }
  }
}
