package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A background batch in each real kernel: {@code startBatch} returns at once, the handle as a cell
 * value shows where the batch is, and {@code watch()} in a later cell draws the live view there
 * until the batch ends and returns the result.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class WatchNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.executeCells(k, k.kernelspec(), "watch", List.of(
        "var h = startBatch(batch(\"watched\", java.util.stream.IntStream.range(0, 40).boxed()"
            + ".toList(), i -> \"n\" + i)\n"
            + "    .stage(\"slow\", t -> { Thread.sleep(50); return t.input(); })\n"
            + "    .parallelism(2).noCheckpoint().build());\n"
            + "h",
        "var r = h.watch();\nr.ok() + \" ok\""));
  }

  @Test
  void theHandleShowsARunningBatchAndWatchDrawsItToTheEnd() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "startBatch("), "text/plain")).singleElement().asString()
        .startsWith("watched: running, ");
    JsonNode watch = cell(nb, "h.watch()");
    assertThat(data(watch, "text/plain")).anySatisfy(text -> assertThat(text)
        .startsWith("watched: finished, 40/40 trials (40 ok, 0 failed)"));
    assertThat(data(watch, kernel.stringMime())).anySatisfy(value -> assertThat(value)
        .isEqualTo("40 ok"));
  }
}
