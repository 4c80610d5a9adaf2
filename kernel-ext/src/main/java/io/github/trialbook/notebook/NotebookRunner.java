package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Executes a notebook's Java cells in order in a fresh JVM (the cell host, which runs them through
 * the JDK's JShell) with papermill's conventions: parameters injected after the cell tagged
 * {@code parameters}, per-cell {@code metadata.papermill} times and status, the output notebook
 * saved after every cell (a crash leaves what ran), and on an error a banner cell at the top that
 * links to the failing cell, the remaining cells left unexecuted. No Jupyter, no Python.
 *
 * <p>Exit codes of {@link #run}: {@link #OK} every cell ran; {@link #CELL_FAILED} a cell raised;
 * {@link #BAD_INPUT} bad arguments or an unreadable notebook; {@link #TIMED_OUT} a cell ran past
 * the cell timeout (its JVM is killed); {@link #HOST_DIED} the JVM running the cells died. A
 * SIGINT or SIGTERM of the runner interrupts the running cell (a running batch is cancelled and
 * stays resumable) and saves the partial notebook.
 *
 * <pre>{@code
 * int exit = NotebookRunner.run(new NotebookRunner.Options(Path.of("report.ipynb"),
 *     Path.of("out.ipynb"), Parameters.none().with("maxInputs", "500"), Path.of("out.html"),
 *     Duration.ofMinutes(10), Path.of("."), List.of()), System.err);
 * }</pre>
 */
public final class NotebookRunner {
  public static final int OK = 0;
  public static final int CELL_FAILED = 1;
  public static final int BAD_INPUT = 2;
  public static final int TIMED_OUT = 3;
  public static final int HOST_DIED = 4;
  static final String ERROR_ANCHOR = "trialbook-error-cell";
  private static final String HOST = "io.github.trialbook.cellhost.CellHost";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNode EOF = JSON.createObjectNode().put("type", "eof");
  private static final Duration INTERRUPT_WAIT = Duration.ofSeconds(20);

  /**
   * What to run: the notebook, where to write the executed one, the parameters, an HTML page to
   * render it to (or null), the longest a cell may run (null: no limit), the working directory of
   * the cells (null: the notebook's folder) and jars for the cells' class path besides
   * Trialbook's.
   */
  public record Options(Path input, Path output, Parameters parameters, Path html,
      Duration cellTimeout, Path workDir, List<String> classpath, Map<String, String> secrets) {
    public Options {
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(output, "output");
      parameters = parameters == null ? Parameters.none() : parameters;
      classpath = classpath == null ? List.of() : List.copyOf(classpath);
      secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
    }

    /** Options without secret parameters. */
    public Options(Path input, Path output, Parameters parameters, Path html, Duration cellTimeout,
        Path workDir, List<String> classpath) {
      this(input, output, parameters, html, cellTimeout, workDir, classpath, Map.of());
    }
  }

  /**
   * The environment variable through which the cells read secret parameter {@code name}: a secret
   * never reaches the notebook, its metadata or its HTML, only the cells' JVM.
   */
  public static String secretVariable(String name) {
    return "TRIALBOOK_SECRET_" + name.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  private final Options options;
  private final PrintStream log;
  private final SecretScrubber scrubber;
  private volatile boolean interrupted;
  private final CountDownLatch finished = new CountDownLatch(1);

  private NotebookRunner(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
    this.scrubber = Secrets.scrubberOf(options.secrets().values());
  }

  /** Runs the notebook; returns the exit code (see the class comment). */
  public static int run(Options options, PrintStream log) {
    return new NotebookRunner(options, log).run();
  }

  private int run() {
    Notebook nb;
    try {
      nb = Notebook.read(options.input());
      String language = language(nb);
      if (!language.isEmpty() && !language.equalsIgnoreCase("java")) {
        log.println(options.input() + " is a " + language + " notebook (its metadata says so); "
            + "run-notebook runs Java cells: use papermill for it, or pick a Java kernel");
        return BAD_INPUT;
      }
      for (Cell c : nb.cells()) {
        if (c.type() == CellType.CODE) {
          c.clearOutputs();
          c.markPending();
        }
      }
      Parameters.Injection injection = options.parameters().inject(nb);
      injection.warnings().forEach(w -> log.println("warning: " + w));
      if (injection.cellIndex() >= 0) {
        readSecretsFromTheEnvironment(nb.cell(injection.cellIndex()));
      }
    } catch (NotebookException e) {
      log.println(e.getMessage());
      return BAD_INPUT;
    }
    ObjectNode pm = nb.papermillMetadata();
    pm.put("input_path", options.input().toString());
    pm.put("output_path", options.output().toString());
    Instant start = Instant.now();
    pm.put("start_time", start.toString());
    save(nb);
    Path workDir = options.workDir() != null ? options.workDir()
        : options.input().toAbsolutePath().getParent();
    Process host;
    try {
      host = startHost(workDir);
    } catch (IOException e) {
      log.println("cannot start the JVM for the cells: " + e.getMessage());
      return BAD_INPUT;
    }
    Thread hook = new Thread(() -> interruptAndWait(host), "trialbook-run-notebook-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    int exit;
    try {
      exit = execute(nb, host);
    } finally {
      pm.put("end_time", Instant.now().toString());
      pm.put("duration", Duration.between(start, Instant.now()).toNanos() / 1e9);
      save(nb);
      if (options.html() != null) {
        NotebookHtml.save(nb, options.input().getFileName().toString(), options.html());
      }
      stop(host);
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: it waited for this save
      }
    }
    return exit;
  }

  /** The notebook's language from its kernelspec or language_info metadata, or "". */
  private static String language(Notebook nb) {
    String fromSpec = nb.metadata().path("kernelspec").path("language").asText("");
    return fromSpec.isEmpty() ? nb.metadata().path("language_info").path("name").asText("")
        : fromSpec;
  }

  /** The injected {@code "***"} of each secret parameter becomes a read of its variable. */
  private void readSecretsFromTheEnvironment(Cell injected) {
    String source = injected.source();
    for (String name : options.secrets().keySet()) {
      source = source.replaceAll("(\\b" + java.util.regex.Pattern.quote(name)
          + "\\s*=\\s*)\"\\*\\*\\*\";", "$1System.getenv(\"" + secretVariable(name) + "\");");
    }
    injected.setSource(source);
  }

  private Process startHost(Path workDir) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cp = new ArrayList<>();
    cp.add(System.getProperty("java.class.path"));
    cp.addAll(options.classpath());
    List<String> cmd = List.of(java, "-Djava.awt.headless=true", "-cp",
        String.join(File.pathSeparator, cp), HOST);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    options.secrets().forEach((name, value) -> pb.environment().put(secretVariable(name), value));
    return pb.start();
  }

  private int execute(Notebook nb, Process host) {
    BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> readMessages(host, messages), "trialbook-run-notebook-reader");
    reader.setDaemon(true);
    reader.start();
    OutputStream requests = host.getOutputStream();
    int count = 0;
    List<Cell> cells = nb.cells();
    for (int i = 0; i < cells.size(); i++) {
      Cell cell = cells.get(i);
      if (cell.type() != CellType.CODE || cell.source().isBlank()) {
        continue;
      }
      if (interrupted) {
        return CELL_FAILED;
      }
      count++;
      cell.setExecutionCount(count);
      cell.markRunning(Instant.now());
      save(nb);
      ObjectNode request = JSON.createObjectNode().put("id", count).put("code", cell.source());
      if (!send(requests, request)) {
        return died(nb, i, cell, host);
      }
      long deadline = options.cellTimeout() == null ? Long.MAX_VALUE
          : System.nanoTime() + options.cellTimeout().toNanos();
      boolean failed = false;
      Map<String, Integer> displays = new java.util.HashMap<>(); // display id → output index
      while (true) {
        JsonNode m;
        try {
          m = messages.poll(Math.max(1, Math.min(deadline - System.nanoTime(), 1_000_000_000L)),
              TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return CELL_FAILED;
        }
        if (m == null) {
          if (System.nanoTime() >= deadline) {
            host.descendants().forEach(ProcessHandle::destroyForcibly);
            host.destroyForcibly();
            cell.addOutput(Output.error("CellTimeoutError", "the cell ran longer than "
                + options.cellTimeout().toSeconds() + " s (--cell-timeout); its JVM was ended",
                List.of()));
            fail(nb, i, cell, count);
            return TIMED_OUT;
          }
          continue;
        }
        if (m == EOF) {
          return died(nb, i, cell, host);
        }
        if (m.path("id").asInt(-1) != count) {
          continue; // a protocol note or an answer to another request
        }
        switch (m.path("type").asText()) {
          case "stream" -> cell.appendStream(m.path("name").asText("stdout"),
              scrubber.scrub(m.path("text").asText()));
          case "display_data" -> {
            if (m.hasNonNull("display_id")) {
              displays.put(m.get("display_id").asText(), cell.outputs().size());
            }
            cell.addOutput(Output.displayData(data(m), Map.of()));
          }
          case "update_display_data" -> {
            Integer at = displays.get(m.path("display_id").asText());
            if (at != null) {
              cell.setOutput(at, Output.displayData(data(m), Map.of()));
            }
          }
          case "execute_result" -> cell.addOutput(Output.executeResult(count, data(m), Map.of()));
          case "error" -> {
            failed = true;
            List<String> tb = new ArrayList<>();
            m.path("traceback").forEach(t -> tb.add(scrubber.scrub(t.asText())));
            cell.addOutput(Output.error(m.path("ename").asText(),
                scrubber.scrub(m.path("evalue").asText()), tb));
          }
          default -> { }
        }
        if ("done".equals(m.path("type").asText())) {
          failed |= "error".equals(m.path("status").asText());
          break;
        }
      }
      if (failed || interrupted) {
        fail(nb, i, cell, count);
        return CELL_FAILED;
      }
      cell.markFinished(Instant.now(), false);
      save(nb);
      log.println("cell " + count + " done");
    }
    return OK;
  }

  private int died(Notebook nb, int index, Cell cell, Process host) {
    int code;
    try {
      host.waitFor(5, TimeUnit.SECONDS);
      code = host.isAlive() ? -1 : host.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    cell.addOutput(Output.error("DeadKernelError", "the JVM running the cells died"
        + (code >= 0 ? " with exit code " + code : "") + " while this cell ran", List.of()));
    fail(nb, index, cell, cell.executionCount());
    log.println("the JVM running the cells died (exit code " + code + ")");
    return HOST_DIED;
  }

  /** Marks {@code cell} failed, adds the anchor before it and the banner at the top, saves. */
  private void fail(Notebook nb, int index, Cell cell, Integer count) {
    cell.markFinished(Instant.now(), true);
    nb.papermillMetadata().put("exception", true);
    nb.insertMarkdown(index, "<span id=\"" + ERROR_ANCHOR + "\" style=\"color:red\">"
        + "The run stopped here with an error:</span>");
    nb.insertMarkdown(0, "<span style=\"color:red; font-size:2em\">An exception was raised at "
        + "<a href=\"#" + ERROR_ANCHOR + "\">In [" + count + "]</a>; the cells after it did not "
        + "run.</span>");
    save(nb);
    log.println("cell " + count + " failed; the cells after it did not run");
  }

  /** A MIME bundle with every text scrubbed of the secret parameters' values. */
  private Map<String, Object> data(JsonNode m) {
    Map<String, Object> d = new java.util.LinkedHashMap<>();
    m.path("data").fields().forEachRemaining(e -> d.put(e.getKey(), e.getValue().isTextual()
        ? scrubber.scrub(e.getValue().textValue()) : e.getValue()));
    return d;
  }

  private static boolean send(OutputStream out, ObjectNode request) {
    try {
      out.write((request.toString() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void readMessages(Process host, BlockingQueue<JsonNode> messages) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(host.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        try {
          messages.add(JSON.readTree(line));
        } catch (IOException notJson) {
          // the host writes only JSON lines; anything else is noise from a library
        }
      }
    } catch (IOException e) {
      // the host died; EOF below
    }
    messages.add(EOF);
  }

  /** On SIGINT/SIGTERM: interrupt the running cell, then wait for the partial notebook's save. */
  private void interruptAndWait(Process host) {
    interrupted = true;
    send(host.getOutputStream(), JSON.createObjectNode().put("interrupt", true));
    try {
      finished.await(INTERRUPT_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void stop(Process host) {
    send(host.getOutputStream(), JSON.createObjectNode().put("shutdown", true));
    try {
      host.getOutputStream().close();
      if (!host.waitFor(10, TimeUnit.SECONDS)) {
        host.destroyForcibly();
      }
    } catch (IOException | InterruptedException e) {
      host.destroyForcibly();
    }
  }

  private void save(Notebook nb) {
    nb.save(options.output());
  }
}
