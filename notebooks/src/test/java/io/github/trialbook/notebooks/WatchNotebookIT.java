package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A background batch in the real kernel: {@code startBatch} returns at once, the handle as a cell
 * value shows where the batch is, and {@code watch()} in a later cell draws the live view there
 * until the batch ends and returns the result.
 */
class WatchNotebookIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonNode nb;

  @BeforeAll
  static void execute() throws Exception {
    Path dir = Jupyter.WORK.resolve("executed");
    Files.createDirectories(dir);
    Path source = dir.resolve("watch-source.ipynb");
    Path executed = dir.resolve("watch.ipynb");
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cells = root.putArray("cells");
    for (String code : List.of(
        "var h = startBatch(batch(\"watched\", java.util.stream.IntStream.range(0, 40).boxed()"
            + ".toList(), i -> \"n\" + i)\n"
            + "    .stage(\"slow\", t -> { Thread.sleep(50); return t.input(); })\n"
            + "    .parallelism(2).noCheckpoint().build());\n"
            + "h",
        "var r = h.watch();\nr.ok() + \" ok\"")) {
      ObjectNode c = cells.addObject();
      c.put("cell_type", "code").put("source", code).putNull("execution_count");
      c.putObject("metadata");
      c.putArray("outputs");
    }
    root.putObject("metadata").putObject("kernelspec").put("name", "trialbook-rapaio")
        .put("display_name", "Java + Trialbook (rapaio)").put("language", "java");
    root.put("nbformat", 4).put("nbformat_minor", 5);
    JSON.writeValue(source.toFile(), root);
    Jupyter.Run run = Jupyter.python("run-notebook.py", List.of(source.toString(),
        executed.toString(), "--timeout", "240"), 600);
    Jupyter.reportRetries("watch", run);
    assertThat(run.exitCode()).as("watch notebook failed:\n%s", Jupyter.tail(run.stderr()))
        .isZero();
    nb = JSON.readTree(executed.toFile());
  }

  @Test
  void theHandleShowsARunningBatchAndWatchDrawsItToTheEnd() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "startBatch("), "text/plain")).singleElement().asString()
        .startsWith("watched: running, ");
    JsonNode watch = cell(nb, "h.watch()");
    assertThat(data(watch, "text/plain")).anySatisfy(text -> assertThat(text)
        .startsWith("watched: finished, 40/40 trials (40 ok, 0 failed)"));
    assertThat(data(watch, "text/html")).anySatisfy(html -> assertThat(html)
        .isEqualTo("40 ok"));
  }
}
