package io.github.trialbook.cellhost;

import static io.github.trialbook.cellhost.HostProcess.ofType;
import static io.github.trialbook.cellhost.HostProcess.status;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.trialbook.display.RendererRegistry;
import io.github.trialbook.eval.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Cells run by one real host JVM, as a notebook's cells are. */
class CellHostTest {
  private static HostProcess host;
  private static int nextId = 100;

  @BeforeAll
  static void start() throws Exception {
    host = new HostProcess(Path.of("").toAbsolutePath());
  }

  @AfterAll
  static void stop() throws Exception {
    host.send(Map.of("shutdown", true));
    int status = host.waitForExit();
    host.close();
    assertThat(status).isZero();
  }

  private static List<JsonNode> run(String code) throws Exception {
    int id;
    synchronized (CellHostTest.class) {
      id = nextId++;
    }
    List<JsonNode> out = host.run(id, code);
    assertThat(out).allSatisfy(o -> assertThat(o.get("id").asInt()).isEqualTo(id));
    return out;
  }

  private static Map<String, String> data(JsonNode output) {
    Map<String, String> data = new TreeMap<>();
    output.get("data").fields().forEachRemaining(e -> data.put(e.getKey(), e.getValue().asText()));
    return data;
  }

  @Test
  void printsBecomeStreamsInOrderAndVoidCellsHaveNoResult() throws Exception {
    List<JsonNode> out = run("System.out.println(\"to out\");\nSystem.err.println(\"to err\");\n"
        + "System.out.print(\"no newline\");");
    assertThat(ofType(out, "stream")).extracting(o -> o.get("name").asText() + ":" + o.get("text").asText())
        .containsExactly("stdout:to out\n", "stderr:to err\n", "stdout:no newline");
    assertThat(ofType(out, "execute_result")).isEmpty();
    assertThat(status(out)).isEqualTo("ok");
  }

  @Test
  void theLastExpressionIsTheResult() throws Exception {
    List<JsonNode> out = run("int a = 20;\na * 2 + 2");
    assertThat(ofType(out, "execute_result")).singleElement()
        .satisfies(r -> assertThat(data(r)).containsExactly(Map.entry("text/plain", "42")));
    assertThat(out.get(out.size() - 1).get("status").asText()).isEqualTo("ok");
    assertThat(data(ofType(run("\"a\" + \"b\""), "execute_result").get(0))).containsEntry("text/plain", "ab");
  }

  @Test
  void variablesAndMethodsPersistAcrossCells() throws Exception {
    assertThat(status(run("int counter = 41;\nint inc(int x) { return x + 1; }"))).isEqualTo("ok");
    assertThat(data(ofType(run("inc(counter)"), "execute_result").get(0))).containsEntry("text/plain", "42");
  }

  @Test
  void aTablesawTableRendersAsTheKernelsDrawIt() throws Exception {
    List<JsonNode> out = run("Table t = Table.create(\"t\", tech.tablesaw.api.IntColumn.create(\"a\", 1, 2));\nt");
    Map<String, String> data = data(ofType(out, "execute_result").get(0));
    assertThat(data.get("text/html")).contains("<table");
    Table same = Table.create("t", tech.tablesaw.api.IntColumn.create("a", 1, 2));
    assertThat(data).isEqualTo(new TreeMap<>(RendererRegistry.shared().render(same).orElseThrow()));
  }

  @Test
  void aRenderableResultGivesItsOwnBundleAndDisplayGivesDisplayData() throws Exception {
    String table = "Table.create(\"p\", tech.tablesaw.api.StringColumn.create(\"truth\", \"a\", \"b\", \"a\"),"
        + " tech.tablesaw.api.StringColumn.create(\"pred\", \"a\", \"b\", \"b\"))";
    List<JsonNode> out = run("var report = Metrics.classification(" + table + ", \"truth\", \"pred\");\n"
        + "display(\"before\");\nreport");
    Table same = Table.create("p", StringColumn.create("truth", "a", "b", "a"),
        StringColumn.create("pred", "a", "b", "b"));
    Map<String, String> expected = new TreeMap<>(Metrics.classification(same, "truth", "pred").mimeBundle());
    assertThat(expected).containsKeys("text/plain", "text/html");
    assertThat(ofType(out, "display_data")).singleElement()
        .satisfies(d -> assertThat(data(d)).containsExactly(Map.entry("text/plain", "before")));
    assertThat(data(ofType(out, "execute_result").get(0))).isEqualTo(expected);
  }

  @Test
  void aCompileErrorEndsTheCellWithItsDiagnosticsAndTheNextCellRuns() throws Exception {
    List<JsonNode> out = run("System.out.println(\"first\");\nint broken = \"text\" * 2;\n"
        + "System.out.println(\"never\");");
    assertThat(ofType(out, "stream")).extracting(o -> o.get("text").asText()).containsExactly("first\n");
    JsonNode error = ofType(out, "error").get(0);
    assertThat(error.get("ename").asText()).isEqualTo("CompilationException");
    assertThat(error.get("evalue").asText()).contains("bad operand");
    assertThat(error.get("traceback").toString()).contains("line 2:", "int broken = \\\"text\\\" * 2;");
    assertThat(status(out)).isEqualTo("error");
    assertThat(status(run("int fine = 1;"))).isEqualTo("ok");
    assertThat(status(run("int unfinished = (1 + "))).isEqualTo("error");
  }

  @Test
  void aRuntimeExceptionIsAnErrorWithTheUsersFramesAndTheNextCellRuns() throws Exception {
    List<JsonNode> out = run("void fail() { throw new IllegalStateException(\"boom\"); }\nfail();\n1");
    JsonNode error = ofType(out, "error").get(0);
    assertThat(error.get("ename").asText()).isEqualTo("IllegalStateException");
    assertThat(error.get("evalue").asText()).isEqualTo("boom");
    List<String> traceback = HostProcess.JSON.convertValue(error.get("traceback"),
        HostProcess.JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    assertThat(traceback.get(0)).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(traceback).anyMatch(l -> l.contains("fail")).noneMatch(l -> l.contains("reflect")
        || l.contains("jdk.jshell") || l.contains("cellhost"));
    assertThat(ofType(out, "execute_result")).isEmpty();
    assertThat(status(out)).isEqualTo("error");
    assertThat(data(ofType(run("2"), "execute_result").get(0))).containsEntry("text/plain", "2");
  }

  @Test
  void hostileTextIsEscapedInPlainTextAndErrorsButNotInTheHtmlBundle() throws Exception {
    Map<String, String> data = data(ofType(run("\"\\u001b[31mred\\u202e\\r!\""), "execute_result").get(0));
    assertThat(data.get("text/plain")).isEqualTo("\u241b[31mred\ufffd\u240d!");
    JsonNode error = ofType(run("throw new RuntimeException(\"\\u001b[2J\");"), "error").get(0);
    assertThat(error.get("evalue").asText()).isEqualTo("\u241b[2J");
    assertThat(error.get("traceback").toString()).doesNotContain("\u001b", "\\u001b");
    JsonNode shown = ofType(run("display(new Object() { public String toString() { return \"\\u0007bell\"; } });"),
        "display_data").get(0);
    assertThat(data(shown).get("text/plain")).isEqualTo("\u2407bell");
  }

  @Test
  void anUnknownMagicIsAnErrorNamingIt() throws Exception {
    List<JsonNode> out = run("%classpath x.jar\n1");
    JsonNode error = ofType(out, "error").get(0);
    assertThat(error.get("ename").asText()).isEqualTo("MagicError");
    assertThat(error.get("evalue").asText()).contains("%classpath");
    assertThat(ofType(out, "execute_result")).isEmpty();
    assertThat(status(out)).isEqualTo("error");
    assertThat(status(run("%jars no/such/*.jar"))).isEqualTo("error");
    assertThat(data(ofType(run("int m = 7 %  4;\nm"), "execute_result").get(0))).containsEntry("text/plain", "3");
  }

  @Test
  void anInterruptEndsASleepingCellWithinSecondsAndTheHostGoesOn() throws Exception {
    int id;
    synchronized (CellHostTest.class) {
      id = nextId++;
    }
    host.sendCell(id, "System.out.println(\"sleeping\");\nThread.sleep(60000);\nSystem.out.println(\"woke\");");
    JsonNode first = host.next();
    assertThat(first.get("text").asText()).isEqualTo("sleeping\n");
    Thread.sleep(500);
    long start = System.nanoTime();
    host.send(Map.of("interrupt", true));
    List<JsonNode> out = host.awaitDone(id);
    assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(10);
    assertThat(ofType(out, "stream")).isEmpty();
    assertThat(ofType(out, "error").get(0).get("ename").asText()).isEqualTo("InterruptedException");
    assertThat(status(out)).isEqualTo("error");
    assertThat(status(run("Thread.sleep(10);\nSystem.out.println(\"not interrupted\");"))).isEqualTo("ok");
  }

  @Test
  void aCellWhoseCodeSwallowsTheInterruptStillEndsInAnError() throws Exception {
    int id;
    synchronized (CellHostTest.class) {
      id = nextId++;
    }
    host.sendCell(id, "System.out.println(\"spinning\");\nwhile (!Thread.currentThread().isInterrupted()) { }");
    assertThat(host.next().get("text").asText()).isEqualTo("spinning\n");
    host.send(Map.of("interrupt", true));
    List<JsonNode> out = host.awaitDone(id);
    assertThat(ofType(out, "error").get(0).get("ename").asText()).isEqualTo("InterruptedException");
    assertThat(status(out)).isEqualTo("error");
    assertThat(data(ofType(run("List.of(1, 2).size()"), "execute_result").get(0))).containsEntry("text/plain", "2");
  }
}
