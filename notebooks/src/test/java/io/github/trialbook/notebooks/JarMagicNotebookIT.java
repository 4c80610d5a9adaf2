package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A researcher's own kernel, not Trialbook's kernelspec: the kernel's jar magic ({@code %jar} in
 * Rapaio, {@code %jars} in IJava) adds the jar in a cell, {@code Kernels.init()} wires rendering,
 * and a batch runs with its live view and renders its table, as the README's "your own kernel"
 * paragraph promises.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class JarMagicNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    Path jar = Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar");
    assertThat(jar).exists();
    nb = Jupyter.executeCells(k, k.plainKernelspec(), "jar-magic", List.of(
        k.jarMagic() + " " + jar,
        "io.github.trialbook.jupyter.Kernels.init();\n"
            + "io.github.trialbook.jupyter.Kernels.current().map(k -> k.id()).orElse(\"none\")",
        "var r = io.github.trialbook.Trialbook.runBatch(io.github.trialbook.Trialbook\n"
            + "    .batch(\"jar-magic\", java.util.List.of(1, 2, 3), i -> \"item-\" + i)\n"
            + "    .stage(\"double\", t -> t.input() * 2).noCheckpoint().build());\n"
            + "r",
        "r.ok() + \" ok of \" + r.records().size()"));
  }

  @Test
  void theKernelIsRecognisedAfterJarMagic() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "Kernels.init()"), kernel.stringMime())).singleElement().asString()
        .isEqualTo(kernel.id());
  }

  @Test
  void theBatchShowsItsLiveViewAndRendersItsTable() {
    JsonNode batch = cell(nb, "runBatch(");
    assertThat(data(batch, "text/html")).anySatisfy(html -> assertThat(html)
        .contains("trialbook-progress").contains("jar-magic: finished, 3/3 trials (3 ok, 0 failed)"));
    assertThat(data(batch, "text/html")).anySatisfy(html -> assertThat(html)
        .contains("trialbook-result").contains("<td>item-3</td>"));
    for (JsonNode o : batch.get("outputs")) {
      assertThat(o.path("text").toString()).as("stream output of the batch cell")
          .doesNotContain("SLF4J");
    }
    assertThat(data(cell(nb, "r.ok() + "), kernel.stringMime())).singleElement().asString()
        .contains("3 ok of 3");
  }
}
