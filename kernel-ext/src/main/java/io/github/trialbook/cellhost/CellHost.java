package io.github.trialbook.cellhost;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.jupyter.DefaultImports;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The child process of the Java-native notebook runner: runs notebook cells in a JShell whose code
 * executes in this JVM and answers in JSON lines. One host serves one notebook; variables, imports
 * and methods persist from cell to cell.
 *
 * <p>Requests, one JSON object a line on stdin:
 * <ul>
 *   <li>{@code {"id":3,"code":"..."}} runs a cell; cells run one after another, in order;</li>
 *   <li>{@code {"interrupt":true}} interrupts the running cell's thread (a no-op between cells);</li>
 *   <li>{@code {"shutdown":true}} or the end of stdin: the cells sent before it run to their
 *       {@code done}, then the process exits with status 0 (send an interrupt first to cut a
 *       running cell short, or kill the process).</li>
 * </ul>
 *
 * <p>Answers, one JSON object a line on the process's real stdout, flushed after each; every one
 * carries the cell's {@code id} as it was sent:
 * <ul>
 *   <li>{@code {"id":3,"type":"stream","name":"stdout"|"stderr","text":"..."}} for what the cell
 *       printed ({@code System.out}, {@code System.err} are redirected; stdin reads nothing);</li>
 *   <li>{@code {"id":3,"type":"display_data","data":{mime: content}}} for each
 *       {@link CellDisplay#display(Object)} call;</li>
 *   <li>at most one {@code {"id":3,"type":"execute_result","data":{...}}}, the value of the cell's
 *       last snippet if that is an expression; always with {@code text/plain};</li>
 *   <li>or {@code {"id":3,"type":"error","ename":"...","evalue":"...","traceback":["..."]}}: the
 *       first failing snippet ends the cell ({@code CompilationException} with the diagnostics and
 *       source lines, the simple class name of a thrown exception, {@code InterruptedException}
 *       for an interrupted cell whose code did not throw, {@code MagicError} for a bad magic);
 *       </li>
 *   <li>last, {@code {"id":3,"type":"done","status":"ok"|"error"}}.</li>
 * </ul>
 * A request that is not understood gets {@code {"type":"protocol_error","message":"..."}}.
 * Text reaching {@code text/plain}, {@code evalue} and {@code traceback} is escaped with
 * {@code PlainText}; stream text is passed on as printed.
 *
 * <p>Cells get JShell's default imports ({@code java.util.*} and the like), the kernels' start-up
 * imports ({@link DefaultImports#IMPORTS}) and
 * {@code import static io.github.trialbook.cellhost.CellDisplay.display;}, the class path of this
 * JVM, and the line magics {@code %jars a.jar lib/*.jar} / {@code %jar x.jar}.
 *
 * <pre>{@code
 * java -cp trialbook-all.jar io.github.trialbook.cellhost.CellHost
 * > {"id":1,"code":"1 + 1"}
 * < {"id":1,"type":"execute_result","data":{"text/plain":"2"}}
 * < {"id":1,"type":"done","status":"ok"}
 * }</pre>
 */
public final class CellHost {
  /**
   * What the {@code jshell} tool and the Java kernels import before anything else (JShell's
   * {@code DEFAULT} start-up); the JShell API itself imports nothing.
   */
  static final List<String> JSHELL_IMPORTS = List.of("java.io", "java.math", "java.net", "java.nio.file",
      "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs", "java.util.regex",
      "java.util.stream");
  private static final String DISPLAY_IMPORT = "import static io.github.trialbook.cellhost.CellDisplay.display;\n";

  private final InputStream requests;
  private final Outputs outputs;
  private final Path workDir;
  private final ExecutorService cells = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "trialbook-cell");
    t.setDaemon(true);
    return t;
  });
  private volatile CellExecutionControl control;
  private volatile JShell shell;
  private PrintStream cellOut;
  private PrintStream cellErr;

  /**
   * A host that reads requests from {@code requests}, writes answers to {@code protocol} and
   * expands magic globs relative to {@code workDir}. {@link #run()} takes over
   * {@code System.out}, {@code System.err} and {@code System.in}, so a JVM has one host.
   */
  public CellHost(InputStream requests, OutputStream protocol, Path workDir) {
    this.requests = requests;
    this.outputs = new Outputs(protocol);
    this.workDir = workDir.toAbsolutePath();
  }

  /**
   * Serves stdin and stdout of this process; exits 0 after shutdown, 2 when JShell cannot start.
   * Unless set, {@code java.awt.headless} is {@code true} and SLF4J is quiet (as the kernelspecs
   * {@code install-kernel} writes make it).
   */
  public static void main(String[] args) {
    defaultProperty("java.awt.headless", "true");
    // Tablesaw logs through SLF4J; without a provider SLF4J prints three warnings into a cell
    defaultProperty("slf4j.provider", "org.slf4j.helpers.NOP_FallbackServiceProvider");
    defaultProperty("slf4j.internal.verbosity", "WARN");
    OutputStream stdout = new FileOutputStream(FileDescriptor.out);
    int status;
    try {
      status = new CellHost(System.in, stdout, Path.of("")).run();
    } catch (IOException e) {
      status = 1;
    }
    System.exit(status);
  }

  private static void defaultProperty(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }

  /**
   * Starts JShell, then serves requests until {@code shutdown} or the end of input.
   *
   * @return 0 after a shutdown or the end of input (queued cells done), 2 when the session could not start
   * @throws IOException when reading the requests fails
   */
  public int run() throws IOException {
    PrintStream realErr = System.err;
    cellOut = new PrintStream(new StreamCapture("stdout", outputs), false, StandardCharsets.UTF_8);
    cellErr = new PrintStream(new StreamCapture("stderr", outputs), false, StandardCharsets.UTF_8);
    System.setOut(cellOut);
    System.setErr(cellErr);
    System.setIn(new ByteArrayInputStream(new byte[0]));
    CellDisplay.install(bundle -> {
      flushStreams();
      outputs.data("display_data", bundle);
    });
    CellHostDisplay.install(outputs, realErr, this::flushStreams);
    try {
      cells.submit(() -> start(realErr)).get();
    } catch (ExecutionException | InterruptedException e) {
      realErr.println("cellhost: JShell did not start: " + (e.getCause() == null ? e : e.getCause()));
      return 2;
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(requests, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode request;
      try {
        request = Outputs.JSON.readTree(line);
      } catch (IOException e) {
        outputs.protocolError("not a JSON object: " + PlainText.escape(line));
        continue;
      }
      if (request.path("shutdown").asBoolean(false)) {
        break;
      }
      if (request.path("interrupt").asBoolean(false)) {
        control.interrupt();
        continue;
      }
      JsonNode id = request.get("id");
      JsonNode code = request.get("code");
      if (id == null || code == null || !code.isTextual()) {
        outputs.protocolError("expected {\"id\":..,\"code\":\"..\"}, {\"interrupt\":true} or {\"shutdown\":true}");
        continue;
      }
      cells.submit(() -> execute(id, code.asText()));
    }
    cells.shutdown();
    try {
      cells.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  /** On the cell thread: the execution control takes this thread's context class loader. */
  private Void start(PrintStream realErr) {
    control = new CellExecutionControl();
    shell = JShell.builder().executionEngine(new CellExecutionControl.Provider(control), Map.of())
        .in(new ByteArrayInputStream(new byte[0])).out(realErr).err(realErr).build();
    shell.addToClasspath(System.getProperty("java.class.path"));
    StringBuilder imports = new StringBuilder();
    JSHELL_IMPORTS.forEach(p -> imports.append("import ").append(p).append(".*;\n"));
    imports.append(DefaultImports.IMPORTS).append(DISPLAY_IMPORT);
    for (String line : imports.toString().split("\n")) {
      for (SnippetEvent e : shell.eval(line)) {
        if (e.status() == Snippet.Status.REJECTED) {
          throw new IllegalStateException(line + ": " + shell.diagnostics(e.snippet())
              .map(d -> d.getMessage(Locale.ROOT)).toList());
        }
      }
    }
    return null;
  }

  private void execute(JsonNode id, String code) {
    control.beginCell();
    outputs.begin(id);
    boolean ok;
    try {
      ok = runCell(code);
    } catch (RuntimeException | LinkageError e) {
      error(e);
      ok = false;
    }
    flushStreams();
    outputs.done(ok);
  }

  private boolean runCell(String code) {
    CellMagics.Parsed parsed;
    try {
      parsed = CellMagics.parse(code, workDir);
    } catch (CellMagics.MagicException e) {
      String message = PlainText.escape(e.getMessage());
      outputs.error("MagicError", message, List.of("MagicError: " + message));
      return false;
    }
    parsed.jars().forEach(jar -> shell.addToClasspath(jar.toString()));
    String source = parsed.code();
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String remaining = source;
    Object value = null;
    boolean hasValue = false;
    while (!remaining.isBlank()) {
      int start = source.length() - remaining.length();
      SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
      SourceCodeAnalysis.Completeness completeness = info.completeness();
      if (completeness == SourceCodeAnalysis.Completeness.EMPTY) {
        break;
      }
      String snippet;
      if (completeness.isComplete() && info.source() != null) {
        snippet = info.source();
        remaining = info.remaining();
      } else {
        snippet = remaining; // incomplete: let JShell say what is missing
        remaining = "";
      }
      if (control.interrupted()) {
        interrupted();
        return false;
      }
      SnippetEvent last = null;
      for (SnippetEvent e : shell.eval(snippet)) {
        if (e.causeSnippet() != null) {
          continue;
        }
        if (e.exception() != null) {
          error(e.exception());
          return false;
        }
        if (e.status() == Snippet.Status.REJECTED) {
          compileError(e.snippet(), source, start);
          return false;
        }
        last = e;
      }
      hasValue = last != null && isExpression(last.snippet()) && last.value() != null;
      value = hasValue ? CellExecutionControl.unwrap(control.take(last.value(), last.value())) : null;
    }
    if (control.interrupted()) {
      interrupted(); // the code returned normally after the interrupt: the cell still did not finish
      return false;
    }
    if (hasValue) {
      flushStreams();
      outputs.data("execute_result", CellRendering.bundle(value));
    }
    return true;
  }

  private static boolean isExpression(Snippet s) {
    return s.kind() == Snippet.Kind.EXPRESSION || s.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
  }

  private void flushStreams() {
    cellOut.flush();
    cellErr.flush();
  }

  private void interrupted() {
    outputs.error("InterruptedException", "cell interrupted",
        List.of("java.lang.InterruptedException: cell interrupted"));
  }

  /** The diagnostics of a rejected snippet that starts at or after {@code start} in the cell. */
  private void compileError(Snippet snippet, String cell, int start) {
    String source = snippet.source();
    List<String> traceback = new ArrayList<>();
    String evalue = null;
    for (Diag d : shell.diagnostics(snippet).filter(Diag::isError).toList()) {
      String message = PlainText.escape(d.getMessage(Locale.ROOT));
      evalue = evalue == null ? message.lines().findFirst().orElse(message) : evalue;
      int pos = (int) Math.max(0, Math.min(source.length(), d.getStartPosition()));
      int lineStart = source.lastIndexOf('\n', pos - 1) + 1;
      int lineEnd = source.indexOf('\n', pos);
      String line = source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd);
      int inCell = line.isBlank() ? -1 : cell.indexOf(line, start);
      int cellLine = inCell >= 0 ? lineOf(cell, inCell) : lineOf(cell, start) + lineOf(source, pos) - 1;
      traceback.add("line " + cellLine + ": " + message);
      traceback.add(PlainText.escape(line));
      traceback.add(" ".repeat(pos - lineStart) + "^");
    }
    if (evalue == null) {
      evalue = "the snippet was rejected";
      traceback.add(evalue + ": " + PlainText.escape(source));
    }
    outputs.error("CompilationException", evalue, traceback);
  }

  private void error(JShellException ex) {
    if (ex instanceof UnresolvedReferenceException u) {
      Snippet s = u.getSnippet();
      String message = PlainText.escape(s.source().lines().findFirst().orElse("") + " needs "
          + shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) s).toList() + ", not defined yet");
      outputs.error("UnresolvedReferenceException", message, List.of("UnresolvedReferenceException: " + message));
      return;
    }
    String className = ex instanceof EvalException e ? e.getExceptionClassName() : ex.getClass().getName();
    List<String> traceback = new ArrayList<>();
    for (Throwable t = ex; t != null; t = t.getCause()) {
      String name = t instanceof EvalException e ? e.getExceptionClassName() : t.getClass().getName();
      String head = (t == ex ? "" : "Caused by: ") + name + (t.getMessage() == null ? "" : ": " + t.getMessage());
      traceback.add(PlainText.escape(head));
      userFrames(t.getStackTrace()).forEach(f -> traceback.add(PlainText.escape("\tat " + f)));
      if (traceback.size() > 200) {
        break;
      }
    }
    outputs.error(simpleName(className), PlainText.escape(String.valueOf(ex.getMessage())), traceback);
  }

  /** An exception thrown while rendering a value, or a failure of the host itself. */
  private void error(Throwable t) {
    List<String> traceback = new ArrayList<>();
    traceback.add(PlainText.escape(t.toString()));
    userFrames(t.getStackTrace()).forEach(f -> traceback.add(PlainText.escape("\tat " + f)));
    outputs.error(simpleName(t.getClass().getName()), PlainText.escape(String.valueOf(t.getMessage())), traceback);
  }

  /** The frames above the host's own: the user's code and what it called. */
  static List<String> userFrames(StackTraceElement[] frames) {
    int end = frames.length;
    for (int i = 0; i < frames.length; i++) {
      String c = frames[i].getClassName();
      if (c.equals(CellExecutionControl.class.getName()) || c.equals(CellHost.class.getName())) {
        end = i;
        break;
      }
    }
    while (end > 0 && (frames[end - 1].getClassName().startsWith("jdk.internal.reflect.")
        || frames[end - 1].getClassName().startsWith("java.lang.reflect."))) {
      end--;
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < end; i++) {
      StackTraceElement f = frames[i];
      out.add(f.getClassName().isEmpty()
          ? f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")" : f.toString());
    }
    return out;
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static int lineOf(String text, int pos) {
    int line = 1;
    for (int i = 0; i < pos && i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }
}
