package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** readme-tour.ipynb holds README.md's 30-second tour verbatim and runs in each real kernel. */
@ParameterizedClass
@EnumSource(TestKernel.class)
class ReadmeTourNotebookIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    nb = Jupyter.execute(k, "readme-tour.ipynb");
  }

  @Test
  void theNotebookCellIsTheReadmeTourVerbatim() throws Exception {
    Path notebooks = Path.of(System.getProperty("trialbook.notebooks", "."));
    String readme = Files.readString(notebooks.resolveSibling("README.md").normalize());
    int section = readme.indexOf("## 30-second tour");
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    String tour = readme.substring(start, readme.indexOf("```", start));
    JsonNode committed = new ObjectMapper().readTree(notebooks.resolve("readme-tour.ipynb").toFile());
    assertThat(Jupyter.source(committed.get("cells").get(1))).isEqualTo(tour);
  }

  @Test
  void theTourRunsShowsItsLiveViewAndItsTable() {
    assertThat(Jupyter.errors(nb)).isEmpty();
    assertThat(data(cell(nb, "Trialbook.runBatch(spec)"), "text/plain").get(0))
        .startsWith("triage: finished, 6/6 trials");
    assertThat(data(cell(nb, "r.ok() + "), kernel.stringMime())).singleElement().asString()
        .contains("6 ok of 6");
  }
}
