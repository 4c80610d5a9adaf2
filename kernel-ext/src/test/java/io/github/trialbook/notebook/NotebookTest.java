package io.github.trialbook.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookTest {
  private static final Path REPORT = Path.of("../notebooks/report.ipynb");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void aRealNotebookComesBackByteForByte() throws IOException {
    String original = Files.readString(REPORT);
    Notebook nb = Notebook.read(REPORT);
    assertThat(nb.toJson()).isEqualTo(original);
    assertThat(JSON.readTree(nb.toJson())).isEqualTo(JSON.readTree(original));
    assertThat(nb.cells()).hasSize(20);
    assertThat(nb.indexOfTag("parameters")).isEqualTo(2);
    assertThat(nb.cell(2).source()).startsWith("String runDir = \"runs/report\";");
    assertThat(nb.cell(0).type()).isEqualTo(CellType.MARKDOWN);
    assertThat(nb.cell(1).id()).isEqualTo("cell-01");
  }

  /**
   * Every notebook of the project comes back as the same JSON apart from formatting: those nbformat
   * wrote byte for byte; readme-tour.ipynb (written by hand: string sources, unsorted keys) as the
   * same tree once multiline strings are joined. A second write changes nothing.
   */
  @Test
  void everyNotebookOfTheProjectComesBackTheSame() throws IOException {
    try (Stream<Path> files = Files.list(REPORT.getParent())) {
      List<Path> notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
      assertThat(notebooks).hasSizeGreaterThan(3);
      for (Path f : notebooks) {
        String original = Files.readString(f);
        String written = Notebook.read(f).toJson();
        if (!f.endsWith("readme-tour.ipynb")) {
          assertThat(written).as(f.toString()).isEqualTo(original);
        }
        assertThat(joined(JSON.readTree(written))).as(f.toString()).isEqualTo(joined(JSON.readTree(original)));
        assertThat(Notebook.parse(written).toJson()).as(f.toString()).isEqualTo(written);
      }
    }
  }

  /** {@code node} with every list of strings under source, text or a text mime type joined. */
  private static JsonNode joined(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      o.fieldNames().forEachRemaining(k -> {
        JsonNode v = o.get(k);
        boolean lines = (k.equals("source") || k.equals("text") || k.startsWith("text/")) && v.isArray();
        o.set(k, lines ? o.textNode(NbJson.joined(v)) : joined(v));
      });
    } else if (node.isArray()) {
      node.forEach(NotebookTest::joined);
    }
    return node;
  }

  @Test
  void unknownFieldsStringSourcesAndOutputsSurviveARoundTrip() throws IOException {
    String json = """
        {"nbformat": 4, "nbformat_minor": 5, "metadata": {"custom": {"x": [1, 2.5, 1e-05, null]}},
         "extra": true,
         "cells": [
          {"cell_type": "code", "id": "a", "metadata": {"collapsed": true, "tags": ["t"]}, "execution_count": 3,
           "source": "int x = 1;\\nx + 1", "future": {"k": "v"},
           "outputs": [
            {"output_type": "stream", "name": "stdout", "text": "one\\ntwo\\n"},
            {"output_type": "execute_result", "execution_count": 3, "metadata": {},
             "data": {"text/plain": "2", "image/png": "iVBORw0KGgo=", "application/json": {"a": [1]}}},
            {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["l1", "l2"]}]},
          {"cell_type": "raw", "id": "b", "metadata": {}, "source": ["é ☃\\u0001"]}]}
        """;
    Notebook nb = Notebook.parse(json);
    String written = nb.toJson();
    JsonNode back = JSON.readTree(written);
    JsonNode expected = JSON.readTree(json);
    // the one difference: multiline strings are written as lists of lines, as nbformat writes them
    assertThat(back.at("/cells/0/source").toString()).isEqualTo("[\"int x = 1;\\n\",\"x + 1\"]");
    assertThat(back.at("/cells/0/outputs/0/text").toString()).isEqualTo("[\"one\\n\",\"two\\n\"]");
    assertThat(back.at("/cells/0/outputs/1/data/text~1plain").toString()).isEqualTo("[\"2\"]");
    assertThat(back.at("/cells/0/outputs/1/data/image~1png").asText()).isEqualTo("iVBORw0KGgo=");
    ((ObjectNode) expected.at("/cells/0")).set("source", back.at("/cells/0/source"));
    ((ObjectNode) expected.at("/cells/0/outputs/0")).set("text",
        back.at("/cells/0/outputs/0/text"));
    ((ObjectNode) expected.at("/cells/0/outputs/1/data")).set("text/plain",
        back.at("/cells/0/outputs/1/data/text~1plain"));
    assertThat(back).isEqualTo(expected);
    assertThat(written).contains("1e-05", "\"é ☃\\u0001\"", "\"extra\": true", "\"future\": {\n");
    assertThat(written).startsWith("{\n \"cells\": [\n  {\n   \"cell_type\": \"code\",").endsWith("}\n");
    assertThat(Notebook.parse(written).toJson()).isEqualTo(written);

    Cell code = nb.cell(0);
    assertThat(code.source()).isEqualTo("int x = 1;\nx + 1");
    assertThat(code.tags()).containsExactly("t");
    assertThat(code.executionCount()).isEqualTo(3);
    List<Output> outs = code.outputs();
    assertThat(outs).extracting(Output::type)
        .containsExactly(OutputType.STREAM, OutputType.EXECUTE_RESULT, OutputType.ERROR);
    assertThat(outs.get(0).text()).isEqualTo("one\ntwo\n");
    assertThat(outs.get(1).mimeTypes()).containsExactly("application/json", "image/png", "text/plain");
    assertThat(outs.get(1).data("application/json").toString()).isEqualTo("{\"a\":[1]}");
    assertThat(outs.get(2).traceback()).containsExactly("l1", "l2");
  }

  @Test
  void pythonFloatsAsNbformatWritesThem() {
    assertThat(NbJson.pythonFloat(0.0001)).isEqualTo("0.0001");
    assertThat(NbJson.pythonFloat(1e-5)).isEqualTo("1e-05");
    assertThat(NbJson.pythonFloat(1.5e16)).isEqualTo("1.5e+16");
    assertThat(NbJson.pythonFloat(1e15)).isEqualTo("1000000000000000.0");
    assertThat(NbJson.pythonFloat(2.5)).isEqualTo("2.5");
    assertThat(NbJson.pythonFloat(-3.0)).isEqualTo("-3.0");
    assertThat(NbJson.pythonFloat(123.456)).isEqualTo("123.456");
  }

  @Test
  void cellsOutputsAndPapermillRecordsAreWritten() {
    Notebook nb = Notebook.empty();
    Cell md = nb.insertMarkdown(0, "# Title");
    Cell code = nb.insertCode(1, "System.out.println(1);\nSystem.err.println(2);");
    assertThat(md.id()).isNotEqualTo(code.id());
    code.markPending();
    assertThat(code.status()).isEqualTo(ExecutionStatus.PENDING);
    code.markRunning(Instant.parse("2026-12-01T10:00:00Z"));
    code.appendStream("stdout", "1\n");
    code.appendStream("stdout", "2\n");
    code.appendStream("stderr", "warn\n");
    code.addOutput(Output.displayData(Map.of("text/plain", "t", "text/html", "<b>t</b>"), Map.of()));
    code.addOutput(Output.executeResult(1, Map.of("text/plain", "42"), Map.of()));
    code.addOutput(Output.error("java.lang.IllegalStateException", "bad", List.of("at x")));
    code.setExecutionCount(1);
    code.markFinished(Instant.parse("2026-12-01T10:00:01.250Z"), true);

    Notebook back = Notebook.parse(nb.toJson());
    Cell c = back.cell(1);
    assertThat(c.outputs()).hasSize(5);
    assertThat(c.outputs().get(0).text()).isEqualTo("1\n2\n");
    assertThat(c.outputs().get(1).name()).isEqualTo("stderr");
    assertThat(c.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(c.startTime()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
    assertThat(c.endTime()).isEqualTo(Instant.parse("2026-12-01T10:00:01.250Z"));
    assertThat(c.durationSeconds()).isEqualTo(1.25);
    assertThat(c.metadata().get("papermill").get("exception").asBoolean()).isTrue();
    assertThat(c.metadata().get("papermill").get("start_time").asText()).isEqualTo("2026-12-01T10:00:00.000000Z");
    // papermill's own format (no offset) reads as UTC
    c.metadata().with("papermill").put("start_time", "2026-12-01T10:00:00.500000");
    assertThat(c.startTime()).isEqualTo(Instant.parse("2026-12-01T10:00:00.500Z"));
    c.clearOutputs();
    assertThat(c.outputs()).isEmpty();
    assertThat(c.executionCount()).isNull();
    assertThatThrownBy(() -> back.cell(0).addOutput(Output.stream("stdout", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("markdown");
  }

  @Test
  void saveIsAtomicAndLeavesNoTemporaryFile() throws IOException {
    Path file = tmp.resolve("out.ipynb");
    Notebook nb = Notebook.read(REPORT);
    nb.save(file);
    assertThat(Files.readString(file)).isEqualTo(Files.readString(REPORT));
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r--r--");
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
      nb.save(file);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-rw----");
    }
    nb.cell(1).setSource("int changed = 1;");
    nb.save(file);
    assertThat(Notebook.read(file).cell(1).source()).isEqualTo("int changed = 1;");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("out.ipynb");
    }
    Path dirInTheWay = Files.createDirectories(tmp.resolve("dir.ipynb/x"));
    assertThatThrownBy(() -> nb.save(dirInTheWay.getParent())).isInstanceOf(NotebookException.class)
        .hasMessageContaining("cannot save");
  }

  @Test
  void invalidNotebooksNameTheFile() throws IOException {
    Path missing = tmp.resolve("missing.ipynb");
    assertThatThrownBy(() -> Notebook.read(missing)).isInstanceOf(NotebookException.class)
        .hasMessageContaining("cannot read notebook " + missing);
    Path broken = Files.writeString(tmp.resolve("broken.ipynb"), "{\"cells\": [");
    assertThatThrownBy(() -> Notebook.read(broken)).hasMessageStartingWith(broken + ": not valid JSON")
        .hasMessageContaining("line 1");
  }

  @Test
  void invalidNotebooksNameTheField() {
    String head = "{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}, \"cells\": [";
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("[1]", "nb.ipynb: a notebook is a JSON object, got a list");
    cases.put("{\"cells\": []}", "nb.ipynb: nbformat: expected the integer 4, got nothing");
    cases.put("{\"nbformat\": 3, \"nbformat_minor\": 0, \"worksheets\": []}",
        "nb.ipynb: nbformat: only nbformat 4 is supported, got 3");
    cases.put("{\"nbformat\": 4, \"nbformat_minor\": 5}", "nb.ipynb: cells: expected a list of cells, got nothing");
    cases.put(head + "{\"cell_type\": \"python\", \"source\": \"\"}]}",
        "nb.ipynb: cells[0].cell_type: expected code, markdown or raw, got 'python'");
    cases.put(head + "{\"cell_type\": \"markdown\", \"source\": 5}]}",
        "nb.ipynb: cells[0].source: expected a string or a list of strings, got a number");
    cases.put(head + "{\"cell_type\": \"markdown\", \"source\": [\"a\", 1]}]}",
        "nb.ipynb: cells[0].source: expected a string or a list of strings, got a list");
    cases.put(head + "{\"cell_type\": \"raw\", \"source\": \"\", \"metadata\": {\"tags\": \"x\"}}]}",
        "nb.ipynb: cells[0].metadata.tags: expected a list of strings, got a string");
    cases.put(head + "{\"cell_type\": \"raw\", \"id\": \"a\", \"source\": \"\"},"
        + "{\"cell_type\": \"raw\", \"id\": \"a\", \"source\": \"\"}]}",
        "nb.ipynb: cells[1].id: 'a' is also the id of cells[0]");
    cases.put(head + "{\"cell_type\": \"raw\", \"id\": \"a b\", \"source\": \"\"}]}",
        "nb.ipynb: cells[0].id: expected 1 to 64 letters, digits, '-' or '_', got 'a b'");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": [{\"output_type\": \"html\"}]}]}",
        "nb.ipynb: cells[0].outputs[0].output_type: expected stream, execute_result, display_data or error, "
            + "got 'html'");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": [{\"output_type\": \"stream\", "
        + "\"name\": \"stdout\"}]}]}", "nb.ipynb: cells[0].outputs[0].text: expected a string or a list of strings");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": [{\"output_type\": \"error\", "
        + "\"ename\": \"E\", \"evalue\": \"v\", \"traceback\": \"x\"}]}]}",
        "nb.ipynb: cells[0].outputs[0].traceback: expected a list of strings, got a string");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"outputs\": "
        + "[{\"output_type\": \"display_data\"}]}]}",
        "nb.ipynb: cells[0].outputs[0].data: expected an object, got nothing");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"execution_count\": \"1\"}]}",
        "nb.ipynb: cells[0].execution_count: expected an integer or null, got a string");
    cases.put(head + "{\"cell_type\": \"code\", \"source\": \"\", \"metadata\": "
        + "{\"papermill\": {\"status\": \"x\"}}}]}",
        "nb.ipynb: cells[0].metadata.papermill.status: expected pending, running, completed or failed, got 'x'");
    cases.forEach((json, message) -> assertThatThrownBy(() -> Notebook.parse(json, "nb.ipynb")).as(json)
        .isInstanceOf(NotebookException.class).hasMessageStartingWith(message));
  }
}
