package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** readme-tour.ipynb holds README.md's 30-second tour verbatim and runs in the real kernel. */
class ReadmeTourNotebookIT {
  private static JsonNode nb;

  @BeforeAll
  static void execute() throws Exception {
    nb = Jupyter.execute("readme-tour.ipynb");
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
    assertThat(data(cell(nb, "r.ok() + "), "text/html")).singleElement().asString()
        .contains("6 ok of 6");
  }
}
