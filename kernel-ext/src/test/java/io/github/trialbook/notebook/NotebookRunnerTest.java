package io.github.trialbook.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run-notebook} in a real child JVM, which runs the cells in a cell-host JVM of its own. */
class NotebookRunnerTest {
  @TempDir
  Path tmp;

  private Path notebook(String... cells) {
    Notebook nb = Notebook.empty();
    nb.insertMarkdown(0, "# Test <b>notebook</b>");
    for (int i = 0; i < cells.length; i++) {
      Cell c = nb.insertCode(nb.size(), cells[i]);
      if (cells[i].startsWith("int maxInputs")) {
        c.setTags(List.of(Parameters.PARAMETERS_TAG));
      }
    }
    Path file = tmp.resolve("in.ipynb");
    nb.save(file);
    return file;
  }

  @Test
  void runsTheCellsWithInjectedParametersAndWritesOutputsAndHtml() throws Exception {
    Path in = notebook("int maxInputs = 3;\nString runDir = \"runs/default\";",
        "System.out.println(\"inputs \" + maxInputs + \" in \" + runDir);",
        "Table.create(\"t\", tech.tablesaw.api.StringColumn.create(\"x\", \"<script>\"))",
        "maxInputs * 2");
    int exit = cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString(),
        "-p", "maxInputs=500", "-p", "runDir", "\"runs/r1\"", "--html", tmp.resolve("out.html").toString());

    assertThat(exit).as(log()).isEqualTo(NotebookRunner.OK);
    Notebook out = Notebook.read(tmp.resolve("out.ipynb"));
    int injected = out.indexOfTag(Parameters.INJECTED_TAG);
    assertThat(injected).isEqualTo(out.indexOfTag(Parameters.PARAMETERS_TAG) + 1);
    assertThat(out.cell(injected).source()).contains("int maxInputs = 500;")
        .contains("String runDir = \"runs/r1\";");
    assertThat(out.cell(injected + 1).outputs()).singleElement()
        .satisfies(o -> assertThat(o.text()).isEqualTo("inputs 500 in runs/r1\n"));
    assertThat(out.cell(injected + 2).outputs().get(0).dataText("text/html")).contains("<table")
        .contains("&lt;script&gt;");
    assertThat(out.cell(injected + 3).outputs().get(0).dataText("text/plain")).isEqualTo("1000");
    assertThat(out.cells()).filteredOn(c -> c.type() == CellType.CODE)
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(ExecutionStatus.COMPLETED));
    assertThat(out.papermillMetadata().path("parameters").path("maxInputs").asInt()).isEqualTo(500);
    String html = Files.readString(tmp.resolve("out.html"));
    assertThat(html).contains("inputs 500 in runs/r1").doesNotContain("<script>");
  }

  @Test
  void aSecretParameterReachesTheCellsButNoFile() throws Exception {
    Path in = notebook("int maxInputs = 1;\nString apiKey = \"none\";",
        "System.out.println(\"key \" + apiKey);", "apiKey.length()",
        "throw new IllegalStateException(\"bad key \" + apiKey);");
    int exit = cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString(),
        "-p", "apiKey=\"sk-secret-12345\"", "--html", tmp.resolve("out.html").toString());

    assertThat(exit).as(log()).isEqualTo(NotebookRunner.CELL_FAILED);
    String saved = Files.readString(tmp.resolve("out.ipynb"));
    assertThat(saved).doesNotContain("sk-secret-12345").contains("key ***")
        .contains("bad key ***").contains(NotebookRunner.secretVariable("apiKey"));
    Notebook out = Notebook.read(tmp.resolve("out.ipynb"));
    assertThat(out.papermillMetadata().path("parameters").path("apiKey").asText()).isEqualTo("***");
    assertThat(out.cells()).filteredOn(c -> c.source().equals("apiKey.length()")).singleElement()
        .satisfies(c -> assertThat(c.outputs().get(0).dataText("text/plain")).isEqualTo("15"));
    assertThat(Files.readString(tmp.resolve("out.html"))).doesNotContain("sk-secret-12345");
    assertThat(log()).doesNotContain("sk-secret-12345");
  }

  @Test
  void theLiveViewIsSavedAsItsLastPictureAndProgressGoesToStderr() throws Exception {
    String batch = "runBatch(batch(\"live\", java.util.stream.IntStream.range(0, 40).boxed().toList(), "
        + "i -> \"i\" + i).stage(\"s\", t -> { Thread.sleep(40); return t.input(); })"
        + ".parallelism(2).build())";
    Path in = notebook(batch);
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString()))
        .as(log()).isEqualTo(NotebookRunner.OK);

    Cell cell = Notebook.read(tmp.resolve("out.ipynb")).cells().stream()
        .filter(c -> c.type() == CellType.CODE).findFirst().orElseThrow();
    List<Output> pictures = cell.outputs().stream()
        .filter(o -> o.type() == OutputType.DISPLAY_DATA).toList();
    assertThat(pictures).singleElement().satisfies(o -> assertThat(o.dataText("text/plain"))
        .contains("live: finished, 40/40 trials"));
    assertThat(cell.outputs()).noneMatch(o -> o.type() == OutputType.STREAM
        && o.text().contains("40/40"));
    assertThat(log()).contains("live: ");
  }

  @Test
  void jarsFromAJarsMagicOrTheClasspathOptionAreUsableInTheCells() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/demo"));
    Files.writeString(src.resolve("Greeter.java"),
        "package demo; public class Greeter { public String hi() { return \"hi from a jar\"; } }");
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    assertThat(javax.tools.ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d",
        classes.toString(), src.resolve("Greeter.java").toString())).isZero();
    Path jarFile = Files.createDirectories(tmp.resolve("lib")).resolve("greeter-1.0.jar");
    try (java.util.jar.JarOutputStream jar = new java.util.jar.JarOutputStream(
        Files.newOutputStream(jarFile))) {
      jar.putNextEntry(new java.util.jar.JarEntry("demo/Greeter.class"));
      jar.write(Files.readAllBytes(classes.resolve("demo/Greeter.class")));
      jar.closeEntry();
    }
    Path in = notebook("%jars lib/*.jar\nnew demo.Greeter().hi()");
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString()))
        .as(log()).isEqualTo(NotebookRunner.OK);
    assertThat(Notebook.read(tmp.resolve("out.ipynb")).toJson()).contains("hi from a jar");

    in = notebook("new demo.Greeter().hi()");
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("out2.ipynb").toString(),
        "--classpath", jarFile.toString())).as(log()).isEqualTo(NotebookRunner.OK);
    assertThat(Notebook.read(tmp.resolve("out2.ipynb")).toJson()).contains("hi from a jar");
  }

  @Test
  void aFailingCellGetsTheBannerAndTheRestStaysUnexecuted() throws Exception {
    Path in = notebook("int x = 1;", "throw new IllegalStateException(\"boom \" + x);", "x + 1");
    int exit = cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString());

    assertThat(exit).as(log()).isEqualTo(NotebookRunner.CELL_FAILED);
    Notebook out = Notebook.read(tmp.resolve("out.ipynb"));
    assertThat(out.cell(0).source()).contains("An exception was raised").contains("In [2]")
        .contains("#" + NotebookRunner.ERROR_ANCHOR);
    List<Cell> code = out.cells().stream().filter(c -> c.type() == CellType.CODE).toList();
    assertThat(code.get(1).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(code.get(1).outputs()).anySatisfy(o -> assertThat(o.evalue()).contains("boom 1"));
    assertThat(code.get(2).status()).isEqualTo(ExecutionStatus.PENDING);
    assertThat(code.get(2).outputs()).isEmpty();
  }

  @Test
  void aCellPastTheTimeoutExits3AndADeadCellJvmExits4() throws Exception {
    Path in = notebook("Thread.sleep(120_000);");
    long t0 = System.nanoTime();
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString(),
        "--cell-timeout", "2")).as(log()).isEqualTo(NotebookRunner.TIMED_OUT);
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(60);
    assertThat(Notebook.read(tmp.resolve("out.ipynb")).toJson()).contains("CellTimeoutError");

    in = notebook("System.out.println(\"before\");", "Runtime.getRuntime().halt(9);", "1");
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("out2.ipynb").toString()))
        .as(log()).isEqualTo(NotebookRunner.HOST_DIED);
    assertThat(Notebook.read(tmp.resolve("out2.ipynb")).toJson()).contains("DeadKernelError")
        .contains("exit code 9").contains("before");
  }

  @Test
  void badArgumentsAndUnreadableNotebooksExit2() throws Exception {
    assertThat(cli("run-notebook", "only-one.ipynb")).isEqualTo(NotebookRunner.BAD_INPUT);
    Files.writeString(tmp.resolve("bad.ipynb"), "{not json");
    assertThat(cli("run-notebook", tmp.resolve("bad.ipynb").toString(),
        tmp.resolve("o.ipynb").toString())).isEqualTo(NotebookRunner.BAD_INPUT);
    Path in = notebook("int maxInputs = 3;");
    assertThat(cli("run-notebook", in.toString(), tmp.resolve("o.ipynb").toString(), "-p",
        "maxInputs=\"text\"")).isEqualTo(NotebookRunner.BAD_INPUT);
    assertThat(log()).contains("maxInputs");
    Notebook python = Notebook.read(in);
    python.metadata().putObject("kernelspec").put("language", "python").put("name", "python3");
    python.save(tmp.resolve("py.ipynb"));
    assertThat(cli("run-notebook", tmp.resolve("py.ipynb").toString(),
        tmp.resolve("o.ipynb").toString())).isEqualTo(NotebookRunner.BAD_INPUT);
    assertThat(log()).contains("is a python notebook");
  }

  @Test
  void aSigintMidBatchSavesThePartialNotebookAndLeavesTheRunResumable() throws Exception {
    Path runDir = tmp.resolve("run");
    String batch = "var spec = batch(\"slow\", java.util.stream.IntStream.range(0, 200).boxed().toList(), "
        + "i -> \"i\" + i).stage(\"s\", t -> { Thread.sleep(50); return t.input(); })"
        + ".parallelism(2).runDir(Path.of(\"" + runDir + "\")).build();\nrunBatch(spec)";
    Path in = notebook("import java.nio.file.Path;", batch, "\"never\"");
    Process p = start("run-notebook", in.toString(), tmp.resolve("out.ipynb").toString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Path log = runDir.resolve("trials.jsonl");
    while (!(Files.exists(log) && Files.readAllLines(log).size() >= 10) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Files.exists(log)).as("the batch started").isTrue();
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log()).isNotZero();

    Notebook out = Notebook.read(tmp.resolve("out.ipynb"));
    List<Cell> code = out.cells().stream().filter(c -> c.type() == CellType.CODE).toList();
    assertThat(code.get(1).status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(code.get(2).status()).isEqualTo(ExecutionStatus.PENDING);
    io.github.trialbook.BatchResult stored = io.github.trialbook.Trialbook.open(runDir);
    assertThat(stored.ok()).isBetween(10L, 199L);
    assertThat(stored.isCancelled()).isTrue();
  }

  private Process start(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("cli.log").toFile()).start();
  }

  private int cli(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("cli.log").toFile()).start();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private String log() throws Exception {
    return Files.readString(tmp.resolve("cli.log"));
  }
}
