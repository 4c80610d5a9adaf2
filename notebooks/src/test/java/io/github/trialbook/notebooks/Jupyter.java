package io.github.trialbook.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The private Jupyter of the tests: runs {@code setup-jupyter.sh} once (Debian's Jupyter, and for
 * every available {@link TestKernel} its plain kernelspec and its Trialbook kernelspec under
 * target/), then runs Python helpers with that environment through {@code /usr/bin/python3}.
 * Executed notebooks and kernel logs go to {@code target/executed/<kernel>/}.
 */
final class Jupyter {
  static final Path NOTEBOOKS = Path.of(System.getProperty("trialbook.notebooks", ".")).toAbsolutePath();
  static final Path WORK = Path.of(System.getProperty("trialbook.work", "target")).toAbsolutePath();
  static final Path JARS = Path.of(System.getProperty("trialbook.kernelJars", "target/kernel-jars")).toAbsolutePath();
  /** The shared kernels beside the repository ({@code <repo>/../shared}), as CI lays them out. */
  static final Path SHARED = NOTEBOOKS.getParent().resolveSibling("shared").normalize();
  private static Map<String, String> env;

  private Jupyter() {}

  /** Output and exit code of a finished process. */
  record Run(int exitCode, String stdout, String stderr) {}

  static synchronized Map<String, String> env() throws Exception {
    if (env == null) {
      List<String> command = new ArrayList<>(List.of("bash", NOTEBOOKS.resolve("setup-jupyter.sh").toString(),
          "--jars", JARS.toString(), "--target", WORK.resolve("jupyter").toString()));
      command.addAll(TestKernel.setupOptionsOfAvailable());
      Run setup = run(command, Map.of(), 900);
      assertThat(setup.exitCode()).as("setup-jupyter.sh failed:\n%s", setup.stderr()).isZero();
      Map<String, String> parsed = new LinkedHashMap<>();
      for (String line : setup.stdout().split("\n")) {
        if (line.startsWith("export ")) {
          String[] kv = line.substring("export ".length()).split("=", 2);
          parsed.put(kv[0], kv[1].replaceAll("^\"|\"$", ""));
        }
      }
      assertThat(parsed).containsKeys("JUPYTER_PATH", "TRIALBOOK_PYTHON");
      env = parsed;
    }
    return env;
  }

  /** Runs {@code script} (a file under notebooks/) with the Jupyter environment. */
  static Run python(String script, List<String> args, long timeoutSeconds) throws Exception {
    Map<String, String> e = env();
    List<String> command = new ArrayList<>(List.of(e.get("TRIALBOOK_PYTHON"), NOTEBOOKS.resolve(script).toString()));
    command.addAll(args);
    return run(command, e, timeoutSeconds);
  }

  /** Where the executed notebooks and kernel logs of {@code kernel} go. */
  static Path executed(TestKernel kernel) throws IOException {
    return Files.createDirectories(WORK.resolve("executed").resolve(kernel.id()));
  }

  /**
   * Strips and executes {@code notebook} in {@code kernel}'s Trialbook kernelspec (whatever the
   * notebook's metadata names), returns the executed notebook as JSON.
   */
  static JsonNode execute(TestKernel kernel, String notebook, String... params) throws Exception {
    return executeIn(kernel, kernel.kernelspec(), notebook, params);
  }

  /** As {@link #execute(TestKernel, String, String...)}, in the kernelspec {@code kernelspec} of {@code kernel}. */
  static JsonNode executeIn(TestKernel kernel, String kernelspec, String notebook, String... params) throws Exception {
    kernel.assumeAvailable();
    Path out = executed(kernel);
    String base = notebook.replace(".ipynb", "");
    List<String> args = new ArrayList<>(List.of(NOTEBOOKS.resolve(notebook).toString(),
        out.resolve(notebook).toString(), "--html", out.resolve(base + ".html").toString(), "--timeout", "240",
        "--kernel", kernelspec));
    for (String p : params) {
      args.add("--param");
      args.add(p);
    }
    Run run = python("run-notebook.py", args, 600);
    Files.writeString(out.resolve(base + ".log"), run.stderr()); // the kernel's log, for a failure
    reportRetries(notebook, run);
    assertThat(run.exitCode()).as("%s failed:\n%s", notebook, tail(run.stderr())).isZero();
    return new ObjectMapper().readTree(out.resolve(notebook).toFile());
  }

  /**
   * Writes a notebook of {@code cells} (code only) for the kernelspec {@code kernelspec} of
   * {@code kernel} under target/executed/&lt;kernel&gt;, executes it and returns the executed
   * notebook as JSON.
   */
  static JsonNode executeCells(TestKernel kernel, String kernelspec, String name, List<String> cells) throws Exception {
    kernel.assumeAvailable();
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode list = root.putArray("cells");
    for (String source : cells) {
      ObjectNode c = list.addObject();
      c.put("cell_type", "code").put("source", source).putNull("execution_count");
      c.putObject("metadata");
      c.putArray("outputs");
    }
    root.putObject("metadata").putObject("kernelspec").put("name", kernelspec)
        .put("display_name", kernelspec).put("language", "java");
    root.put("nbformat", 4).put("nbformat_minor", 5);
    Path dir = executed(kernel);
    Path source = dir.resolve(name + "-source.ipynb");
    Path executed = dir.resolve(name + ".ipynb");
    json.writeValue(source.toFile(), root);
    Run run = python("run-notebook.py", List.of(source.toString(), executed.toString(),
        "--kernel", kernelspec, "--timeout", "240"), 600);
    Files.writeString(dir.resolve(name + ".log"), run.stderr());
    reportRetries(name, run);
    assertThat(run.exitCode()).as("%s failed:\n%s", name, tail(run.stderr())).isZero();
    return json.readTree(executed.toFile());
  }

  /**
   * Runs the protocol probe's interrupt part ({@code live_probe.py --only-interrupt}) in the
   * kernelspec {@code kernelspec} after the {@code preludeCells}, keeps its stderr under
   * {@code work}, and returns its report.
   */
  static JsonNode interruptProbe(String kernelspec, Path work, String... preludeCells) throws Exception {
    Path out = work.resolve("report.json");
    Files.deleteIfExists(out);
    List<String> args = new ArrayList<>(List.of(kernelspec, work.toString(), out.toString(), "--only-interrupt"));
    for (String cell : preludeCells) {
      args.add("--prelude-cell");
      args.add(cell);
    }
    Run run = python("src/test/python/live_probe.py", args, 300);
    Files.writeString(work.resolve("probe-stderr.txt"), run.stderr());
    assertThat(run.exitCode()).as("live_probe.py failed:\n%s", tail(run.stderr())).isZero();
    return new ObjectMapper().readTree(out.toFile());
  }

  /** The text of the last display the interrupted cell sent under its own request, or null. */
  static String lastOwnPicture(JsonNode interrupt) {
    String last = null;
    for (JsonNode d : interrupt.get("displays")) {
      if (d.get("own_parent").asBoolean()) {
        last = d.get("text").asText();
      }
    }
    return last;
  }

  /** Kernel starts that run-notebook.py had to retry: rare, slow (30 s each), worth seeing in the log. */
  private static void reportRetries(String notebook, Run run) {
    run.stderr().lines().filter(l -> l.startsWith("run-notebook: kernel did not start"))
        .forEach(l -> System.out.println(notebook + ": " + l));
  }

  static Run run(List<String> command, Map<String, String> extraEnv, long timeoutSeconds) throws Exception {
    return run(command, extraEnv, timeoutSeconds, null);
  }

  /** Runs {@code command} in {@code workDir} (null: this JVM's) with {@code extraEnv} added. */
  static Run run(List<String> command, Map<String, String> extraEnv, long timeoutSeconds, Path workDir)
      throws Exception {
    Path stdout = Files.createTempFile("jupyter-out", ".txt");
    Path stderr = Files.createTempFile("jupyter-err", ".txt");
    ProcessBuilder pb = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    pb.environment().putAll(extraEnv);
    if (workDir != null) {
      pb.directory(workDir.toFile());
    }
    Process p = pb.start();
    try {
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError(command + " did not finish in " + timeoutSeconds + " s:\n" + tail(read(stderr)));
      }
      return new Run(p.exitValue(), read(stdout), read(stderr));
    } finally {
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  static String tail(String s) {
    return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
  }

  // ---- reading executed notebooks

  /** The code cell whose source contains {@code marker}. */
  static JsonNode cell(JsonNode notebook, String marker) {
    for (JsonNode c : notebook.get("cells")) {
      if (c.get("cell_type").asText().equals("code") && source(c).contains(marker)) {
        return c;
      }
    }
    throw new AssertionError("no code cell contains '" + marker + "'");
  }

  /** The code cell whose whole source is {@code source}. */
  static JsonNode cellExactly(JsonNode notebook, String source) {
    for (JsonNode c : notebook.get("cells")) {
      if (c.get("cell_type").asText().equals("code") && source(c).strip().equals(source)) {
        return c;
      }
    }
    throw new AssertionError("no code cell is '" + source + "'");
  }

  static String source(JsonNode cell) {
    JsonNode s = cell.get("source");
    if (s.isArray()) {
      StringBuilder b = new StringBuilder();
      s.forEach(n -> b.append(n.asText()));
      return b.toString();
    }
    return s.asText();
  }

  /** The {@code mime} data of every output of the cell that has it. */
  static List<String> data(JsonNode cell, String mime) {
    List<String> found = new ArrayList<>();
    for (JsonNode o : cell.get("outputs")) {
      JsonNode d = o.path("data").path(mime);
      if (!d.isMissingNode()) {
        found.add(d.isArray() ? join(d) : d.asText());
      }
    }
    return found;
  }

  /** Every error output in the notebook, as "ename: evalue". */
  static List<String> errors(JsonNode notebook) {
    List<String> errors = new ArrayList<>();
    for (JsonNode c : notebook.get("cells")) {
      for (JsonNode o : c.path("outputs")) {
        if (o.get("output_type").asText().equals("error")) {
          errors.add(o.get("ename").asText() + ": " + o.get("evalue").asText());
        }
      }
    }
    return errors;
  }

  private static String join(JsonNode array) {
    StringBuilder b = new StringBuilder();
    array.forEach(n -> b.append(n.asText()));
    return b.toString();
  }
}
