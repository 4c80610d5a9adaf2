package io.github.trialbook.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The committed notebooks are exactly what {@code notebooks/tools/make_*.py} generate: each script
 * is run from an unrelated working directory into a fresh folder, and every notebook it writes
 * must equal the committed one (an edit made in the .ipynb alone, or a script change not
 * regenerated, fails here).
 */
class GeneratedNotebooksIT {
  @Test
  void everyGeneratedNotebookMatchesTheCommittedOne() throws Exception {
    Path tools = Jupyter.NOTEBOOKS.resolve("tools");
    Path out = Files.createDirectories(Jupyter.WORK.resolve("regenerated"));
    List<Path> scripts;
    try (Stream<Path> s = Files.list(tools)) {
      scripts = s.filter(p -> p.getFileName().toString().matches("make_.*\\.py")).sorted().toList();
    }
    assertThat(scripts).as("generator scripts in %s", tools).isNotEmpty();
    Map<String, String> env = new HashMap<>(Jupyter.env());
    env.put("TRIALBOOK_NOTEBOOK_OUT", out.toString());
    for (Path script : scripts) {
      // run from the system temp dir: the scripts must not depend on the working directory
      Jupyter.Run run = Jupyter.run(List.of(env.get("TRIALBOOK_PYTHON"), script.toString()), env, 120,
          Path.of(System.getProperty("java.io.tmpdir")));
      assertThat(run.exitCode()).as("%s failed:\n%s", script.getFileName(), run.stderr()).isZero();
    }
    List<Path> written = list(out);
    assertThat(written).as("notebooks written by the scripts").hasSizeGreaterThanOrEqualTo(scripts.size());
    ObjectMapper json = new ObjectMapper();
    for (Path generated : written) {
      Path committed = Jupyter.NOTEBOOKS.resolve(generated.getFileName().toString());
      assertThat(committed).as("committed twin of %s", generated.getFileName()).exists();
      assertThat(json.readTree(generated.toFile()))
          .as("%s differs from what notebooks/tools generate; rerun the script and commit the result",
              committed.getFileName())
          .isEqualTo(json.readTree(committed.toFile()));
    }
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".ipynb")).sorted().toList();
    }
  }
}
