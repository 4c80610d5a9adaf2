package io.github.trialbook.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class SweepBatchTest {
  @TempDir
  Path tmp;

  @Test
  void theResultsTableHasOneColumnPerAxisAndTheManifestKeepsTheAxes() throws Exception {
    Path runDir = tmp.resolve("run");
    BatchSpec<String> spec = Trialbook.batch("grid", List.of("a", "b"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(300, 350), "eps", List.of(0.1, 1.0))).configs())
        .stage("sim", t -> t.config().doubleParam("T") * t.config().doubleParam("eps"))
        .runDir(runDir).consoleProgress(false).parallelism(2).build();
    assertThat(spec.sweepAxes()).containsExactly("T", "eps");
    BatchResult r = Trialbook.runBatch(spec);
    Table t = r.table();
    assertThat(t.columnNames()).startsWith("config", "T", "eps", "input_id");
    assertThat(t.intColumn("T").asList()).containsOnly(300, 350);
    Table byEps = t.summarize("sim", tech.tablesaw.aggregate.AggregateFunctions.sum).by("T");
    assertThat(byEps.rowCount()).isEqualTo(2);
    String manifest = Files.readString(runDir.resolve("manifest.json"));
    assertThat(manifest).contains("\"axes\" : [ \"T\", \"eps\" ]").contains("\"expected_cases\" : 8");
    Table reopened = Trialbook.open(runDir).table();
    assertThat(reopened.columnNames()).startsWith("config", "T", "eps", "input_id");
    assertThat(reopened.doubleColumn("eps").asList()).containsOnly(0.1, 1.0);
  }
}
