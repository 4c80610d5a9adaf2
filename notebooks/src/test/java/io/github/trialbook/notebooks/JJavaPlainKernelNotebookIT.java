package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A plain JJava kernel, as a researcher installs it, with nothing but the Trialbook jar added: by
 * {@code %jars} in the first cell, or on {@code JJAVA_CLASSPATH}. Trialbook's JJava extension does
 * the rest: the first cell that uses Trialbook needs no import, the README tour shows its live view
 * and renders its result and table as HTML, a chart renders as PNG, and SLF4J stays silent.
 * (The interrupt in such a kernel is {@code LiveViewProtocolIT}'s JJava probe.)
 */
@ParameterizedClass
@ValueSource(strings = {"%jars", "JJAVA_CLASSPATH"})
class JJavaPlainKernelNotebookIT {
  @Parameter
  String howTheJarIsAdded;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(String how) throws Exception {
    List<String> cells = new ArrayList<>();
    String kernelspec = TestKernel.JJAVA_CLASSPATH_KERNELSPEC;
    if (how.equals("%jars")) {
      cells.add("%jars " + Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar"));
      kernelspec = TestKernel.JJAVA.plainKernelspec();
    }
    cells.add("var first = runBatch(batch(\"no-import\", List.of(1, 2, 3), i -> \"i\" + i)\n"
        + "    .stage(\"double\", t -> t.input() * 2).noCheckpoint().build());\n"
        + "first.ok() + \" ok without an import\"");
    cells.add(readmeTour());
    cells.add("LatencyHistogram.of(r.table(), \"latency_ms\")");
    cells.add("r.ok() + \" ok of \" + r.records().size()");
    String name = how.equals("%jars") ? "plain-jars" : "plain-classpath";
    nb = Jupyter.executeCells(TestKernel.JJAVA, kernelspec, name, cells);
  }

  /** README.md's 30-second tour, verbatim. */
  private static String readmeTour() throws Exception {
    String readme = Files.readString(Jupyter.NOTEBOOKS.resolveSibling("README.md").normalize());
    int section = readme.indexOf("## 30-second tour");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theFirstCellNeedsNoImportAndNoSetupCall() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    JsonNode first = cell(nb, "first.ok()");
    assertThat(data(first, "text/html")).singleElement().asString().contains("trialbook-progress")
        .contains("no-import: finished, 3/3 trials");
    assertThat(data(first, "text/plain")).last().asString().isEqualTo("3 ok without an import");
  }

  @Test
  void theTourShowsItsLiveViewAndRendersItsResultAndTableAsHtml() {
    JsonNode tour = cell(nb, "Trialbook.runBatch(spec)");
    assertThat(data(tour, "text/html")).first().asString().contains("trialbook-progress")
        .contains("triage: finished, 6/6 trials (6 ok, 0 failed)");
    assertThat(data(tour, "text/html")).filteredOn(html -> html.contains("trialbook-progress"))
        .as("the live view is one display, updated in place").hasSize(1);
    assertThat(data(tour, "text/html")).last().asString().contains("<table").contains("<th>input_id</th>")
        .contains("<td>d3</td>");
    assertThat(data(cell(nb, "r.ok() + "), "text/plain")).singleElement().asString().isEqualTo("6 ok of 6");
    for (JsonNode c : nb.get("cells")) {
      for (JsonNode o : c.get("outputs")) {
        assertThat(o.path("text").asText()).as("stream output").doesNotContain("SLF4J");
      }
    }
  }

  @Test
  void aChartRendersAsPng() {
    List<String> png = data(cell(nb, "LatencyHistogram.of"), "image/png");
    assertThat(png).singleElement();
    byte[] bytes = Base64.getMimeDecoder().decode(png.get(0));
    assertThat(bytes).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }
}
