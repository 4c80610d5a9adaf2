package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * report.ipynb executed by the jar's own runner ({@code run-notebook}: JShell in a fresh JVM, no
 * Jupyter, no Python), with papermill-style parameters; its metric cells come out as in the
 * Rapaio kernel executing the same notebook.
 */
class JavaRunnerNotebookIT {
  private static final List<String> SAME_AS_KERNEL = List.of("classification(table",
      "compareConfigs(", "confusion(");

  @Test
  void theReportNotebookRunsWithoutJupyterAndMatchesTheKernel() throws Exception {
    Path work = Files.createDirectories(Jupyter.WORK.resolve("java-runner"));
    Path runDir = fresh(work.resolve("run"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Jupyter.Run run = Jupyter.run(List.of(java, "-jar",
        Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar").toString(), "run-notebook",
        Jupyter.NOTEBOOKS.resolve("report.ipynb").toString(), work.resolve("report.ipynb").toString(),
        "-p", "runDir=\"" + runDir + "\"", "-p", "maxInputs=120",
        "--html", work.resolve("report.html").toString(), "--cell-timeout", "300"),
        Map.of(), 600);
    Files.writeString(work.resolve("report.log"), run.stderr());
    assertThat(run.exitCode()).as(run.stderr()).isZero();

    JsonNode ours = new ObjectMapper().readTree(work.resolve("report.ipynb").toFile());
    assertThat(Jupyter.errors(ours)).isEmpty();
    assertThat(ours.path("metadata").path("papermill").path("parameters").path("maxInputs").asInt())
        .isEqualTo(120);
    assertThat(data(cell(ours, "var run = runBatch(spec)"), "text/plain")).anySatisfy(text ->
        assertThat(text).contains("360 ok of 360 trials"));
    assertThat(data(cell(ours, "report.writeHtml("), "text/html")).singleElement().asString()
        .contains("<h2>Worker utilisation</h2>").contains("<h2>Metrics</h2>");
    assertThat(Files.readString(work.resolve("report.html"))).contains("precision")
        .doesNotContain("<script");

    TestKernel.RAPAIO.assumeAvailable();
    JsonNode kernel = Jupyter.execute(TestKernel.RAPAIO, "report.ipynb",
        "runDir=\"" + fresh(work.resolve("kernel-run")) + "\"", "maxInputs=120");
    for (String marker : SAME_AS_KERNEL) {
      assertThat(data(cell(ours, marker), "text/html")).as(marker)
          .isEqualTo(data(cell(kernel, marker), "text/html")).isNotEmpty();
    }
  }

  @Test
  void theQuickstartRunsWithoutJupyter() throws Exception {
    Path work = Files.createDirectories(Jupyter.WORK.resolve("java-runner"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Jupyter.Run run = Jupyter.run(List.of(java, "-jar",
        Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar").toString(), "run-notebook",
        Jupyter.NOTEBOOKS.resolve("quickstart.ipynb").toString(),
        work.resolve("quickstart.ipynb").toString(), "-p", "maxInputs=60", "-p", "delayMs=1",
        "--cell-timeout", "300"), Map.of(), 600);
    Files.writeString(work.resolve("quickstart.log"), run.stderr());
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode ours = new ObjectMapper().readTree(work.resolve("quickstart.ipynb").toFile());
    assertThat(Jupyter.errors(ours)).isEmpty();
    assertThat(data(cell(ours, "classification(table"), "text/html")).singleElement().asString()
        .contains("precision").contains("combined");
  }

  private static Path fresh(Path dir) throws Exception {
    if (Files.exists(dir)) {
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return dir;
  }
}
