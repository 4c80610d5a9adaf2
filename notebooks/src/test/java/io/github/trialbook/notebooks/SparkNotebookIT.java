package io.github.trialbook.notebooks;

import static io.github.trialbook.notebooks.Jupyter.cell;
import static io.github.trialbook.notebooks.Jupyter.data;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * spark.ipynb in each real kernel, as a user runs it: a kernelspec written by
 * {@code install-kernel --spark-home DIR --spark-jar trialbook-spark.jar} (DIR a Spark home whose
 * {@code jars/} are Spark's Maven class path, made under target/), a {@code local-cluster[2,1,1024]}
 * session (two executor JVMs), stages and records defined in cells (served to the executors from
 * JShell's memory), the batch, its failures rerun, and the run opened from disk. Checks the cells'
 * results and the run directory itself: every trial recorded once per run, the outputs right.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class SparkNotebookIT {
  private static final int INPUTS = 120;
  @Parameter
  TestKernel kernel;
  private static JsonNode nb;
  private static Path runDir;

  @BeforeParameterizedClassInvocation
  static void execute(TestKernel k) throws Exception {
    k.assumeAvailable();
    String kernelspec = installSparkKernel(k);
    runDir = Jupyter.executed(k).resolve("spark-run");
    nb = Jupyter.executeIn(k, kernelspec, "spark.ipynb", "runDir=\"" + runDir + "\"",
        "inputs=" + INPUTS);
  }

  /** A Spark home of Spark's Maven class path, and the kernel's Spark kernelspec over it. */
  private static String installSparkKernel(TestKernel k) throws Exception {
    Jupyter.env(); // the private Jupyter and its target/jupyter first
    Path home = Jupyter.WORK.resolve("spark-home");
    Path jars = Files.createDirectories(home.resolve("jars"));
    String classPath = Files.readString(Path.of(System.getProperty("trialbook.sparkClasspath",
        Jupyter.WORK.resolve("spark-classpath.txt").toString()))).strip();
    for (String entry : classPath.split(File.pathSeparator)) {
      Path jar = Path.of(entry);
      Path link = jars.resolve(jar.getFileName());
      if (entry.endsWith(".jar") && !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, jar);
      }
    }
    String name = "trialbook-" + k.id() + "-spark";
    Path all = Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Jupyter.Run install = Jupyter.run(List.of(java, "-jar", all.toString(), "install-kernel",
        "--kernel", k.id(), "--prefix", Jupyter.WORK.resolve("jupyter").toString(), "--name", name,
        "--display-name", "Java + Trialbook + Spark (" + k.id() + ")",
        "--kernel-jar", k.kernelJar().orElseThrow().toString(), "--jar", all.toString(),
        "--spark-home", home.toString(), "--spark-jar", Jupyter.JARS.resolve("trialbook-spark.jar").toString()),
        Map.of(), 60);
    assertThat(install.exitCode()).as("install-kernel --spark-home failed:\n%s", install.stderr()).isZero();
    return name;
  }

  @Test
  void runsWithoutAnyCellError() {
    assertThat(Jupyter.errors(nb)).isEmpty();
  }

  /** The kernelspec's Log4j 2 configuration keeps Spark's INFO lines (hundreds at start-up) out of the cells. */
  @Test
  void sparkLogsNoInfoLinesIntoTheCells() {
    List<String> streams = new ArrayList<>();
    for (JsonNode c : nb.get("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.get("output_type").asText().equals("stream")) {
          streams.add(o.get("text").isArray() ? String.join("", new ObjectMapper().convertValue(o.get("text"),
              String[].class)) : o.get("text").asText());
        }
      }
    }
    assertThat(String.join("", streams)).doesNotContain(" INFO ");
  }

  @Test
  void theSessionIsALocalClusterOfExecutorJvms() {
    String text = String.join("", data(cell(nb, "SparkSession spark = SparkRunner.configure"), "text/plain"))
        + String.join("", data(cell(nb, "SparkSession spark = SparkRunner.configure"), "text/html"));
    assertThat(text).contains("local-cluster[2,1,1024], Spark 3.5.8");
  }

  @Test
  void theBatchRanOnBothExecutorsAndFailedOnlyTheOutage() {
    JsonNode run = cell(nb, "var result = SparkRunner.on(spark).runBatch(spec)");
    String view = String.join("", data(run, "text/plain"));
    assertThat(view).contains("spark local-cluster[2,1,1024]: 2 executor(s), partitions ")
        .containsPattern("partitions (\\d+)/\\1 recorded");
    String summary = String.join("", data(cell(nb, "result.ok() + \" ok, \""), kernel.stringMime()));
    assertThat(summary).contains("216 ok, 24 failed of 240 trials, on executors [0, 1]");
    String table = String.join("", data(cell(nb, "result.table()"), "text/html"));
    assertThat(table).contains("model store unavailable (simulated)").contains("<td>long</td>");
  }

  @Test
  void theRerunAndTheOpenedRunSeeEveryTrialOk() {
    assertThat(String.join("", data(cell(nb, "var rerun = SparkRunner.on(spark).rerun"), kernel.stringMime())))
        .contains("240 ok, 0 failed of 240 trials");
    assertThat(String.join("", data(cell(nb, "var stored = open(Path.of(runDir))"), kernel.stringMime())))
        .containsPattern("240 trials, 240 ok; short/d007: 2 outcomes, latest (?i:ok) short");
  }

  /**
   * The log the driver wrote: each trial once per run (the failed ones a second time, by the
   * rerun, ok then), and every output what the cells' functions compute for that input.
   */
  @Test
  void theLogHoldsEveryTrialOncePerRunWithTheRightOutputs() throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, List<String>> statuses = new TreeMap<>();
    List<JsonNode> ok = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("trials.jsonl"))) {
      JsonNode r = json.readTree(line);
      statuses.computeIfAbsent(r.get("config").asText() + "/" + r.get("input").asText(), x -> new ArrayList<>())
          .add(r.get("status").asText());
      if (r.get("status").asText().equals("ok")) {
        ok.add(r);
      }
    }
    assertThat(statuses).hasSize(2 * INPUTS);
    statuses.forEach((key, s) -> assertThat(s).as(key)
        .isEqualTo(key.endsWith("7") ? List.of("failed", "ok") : List.of("ok")));
    assertThat(ok).hasSize(2 * INPUTS);
    for (JsonNode r : ok) {
      int i = Integer.parseInt(r.get("input").asText().substring(1));
      int words = 3 * (i % 7 + 1);
      int max = r.get("config").asText().equals("short") ? 6 : 12;
      JsonNode stages = r.get("stages");
      assertThat(stages.get(0).get(4).toString()).as(r.toString())
          .contains("\"words\":" + words).contains("\"vowels\":" + 6 * (i % 7 + 1));
      assertThat(stages.get(1).get(4).asText()).as(r.toString()).isEqualTo(words > max ? "long" : "short");
    }
    assertThat(ok).extracting(r -> r.get("worker").asInt()).contains(0, 1);
  }
}
