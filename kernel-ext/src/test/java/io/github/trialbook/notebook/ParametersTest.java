package io.github.trialbook.notebook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private static final String CELL = """
      String runDir = "runs/report";   // the run directory
      int maxInputs = 300;             /* samples; a comment with int fake = 1; */
      long budget = 10L;
      double threshold = 0.5, margin = 0.1;
      float ratio = 1f;
      boolean dryRun = false;
      Integer boxed = 1;
      short small = 1;
      var anything = 1;
      List<Double> weights = List.of(1.0);
      Map<String, Integer> limits = Map.of("a", 1);
      Set<String> labels = Set.of();
      java.nio.file.Path out = java.nio.file.Path.of("x");
      System.out.println("not a declaration " + maxInputs);
      """;

  private static Notebook notebook(String paramsSource) {
    Notebook nb = Notebook.empty();
    nb.insertMarkdown(0, "# t");
    Cell p = nb.insertCode(1, paramsSource);
    p.setTags(List.of("parameters"));
    nb.insertCode(2, "System.out.println(maxInputs);");
    return nb;
  }

  private static String injected(String name, String value) {
    Notebook nb = notebook(CELL);
    Parameters.Injection inj = Parameters.none().with(name, value).inject(nb);
    assertThat(inj.warnings()).isEmpty();
    assertThat(inj.cellIndex()).isEqualTo(2);
    String[] lines = nb.cell(2).source().split("\n");
    assertThat(lines[0]).isEqualTo("// Parameters");
    return lines[1];
  }

  @Test
  void declarationsAreReadWithTheirTypes() {
    assertThat(Parameters.declarations(CELL)).extracting(d -> d.type() + " " + d.name()).containsExactly(
        "String runDir", "int maxInputs", "long budget", "double threshold", "double margin", "float ratio",
        "boolean dryRun", "Integer boxed", "short small", "var anything", "List<Double> weights",
        "Map<String, Integer> limits", "Set<String> labels", "java.nio.file.Path out");
    assertThat(Parameters.declarations(CELL).get(0).initializer()).isEqualTo("\"runs/report\"");
    assertThat(Parameters.declarations("record R(int a) {}\nfor (int i = 0; i < 3; i++) {}\nx = 3;\nreturn;"))
        .isEmpty();
  }

  @Test
  void everyTypeIsDeclaredAgainWithItsType() {
    assertThat(injected("runDir", "\"runs/r1\"")).isEqualTo("String runDir = \"runs/r1\";");
    assertThat(injected("maxInputs", "500")).isEqualTo("int maxInputs = 500;");
    assertThat(injected("maxInputs", "-7")).isEqualTo("int maxInputs = -7;");
    assertThat(injected("budget", "5000000000")).isEqualTo("long budget = 5000000000L;");
    assertThat(injected("budget", "5")).isEqualTo("long budget = 5L;");
    assertThat(injected("threshold", "0.25")).isEqualTo("double threshold = 0.25;");
    assertThat(injected("threshold", "500")).isEqualTo("double threshold = 500.0;");
    assertThat(injected("margin", "1e-3")).isEqualTo("double margin = 1e-3;");
    assertThat(injected("ratio", "0.5")).isEqualTo("float ratio = 0.5f;");
    assertThat(injected("dryRun", "true")).isEqualTo("boolean dryRun = true;");
    assertThat(injected("boxed", "2")).isEqualTo("Integer boxed = 2;");
    assertThat(injected("small", "300")).isEqualTo("short small = 300;");
    assertThat(injected("anything", "5000000000")).isEqualTo("var anything = 5000000000L;");
    assertThat(injected("weights", "List.of(1, 2.5)")).isEqualTo("List<Double> weights = List.of(1.0, 2.5);");
    assertThat(injected("limits", "Map.of(\"a\", 2, \"b\", 3)"))
        .isEqualTo("Map<String, Integer> limits = Map.of(\"a\", 2, \"b\", 3);");
    assertThat(injected("labels", "Set.of(\"x\",\"y\")")).isEqualTo("Set<String> labels = Set.of(\"x\", \"y\");");
    assertThat(injected("runDir", "\"tab\\there \\\"q\\\" \\u00e9\""))
        .isEqualTo("String runDir = \"tab\\there \\\"q\\\" é\";");
  }

  @Test
  void theValuesAreRecordedAsJsonInThePapermillMetadata() {
    Notebook nb = notebook(CELL);
    nb.papermillMetadata().put("version", "keep");
    Parameters.fromArgs(List.of("-p", "runDir", "\"runs/r1\"", "-p", "maxInputs", "500", "-p", "budget",
        "5000000000", "-p", "threshold", "0.5", "-p", "dryRun", "true", "-p", "weights", "List.of(1, 2)",
        "-p", "anything", "Map.of(\"a\", List.of(1))")).inject(nb);
    assertThat(nb.metadata().get("papermill").toString()).isEqualTo("{\"version\":\"keep\",\"parameters\":"
        + "{\"runDir\":\"runs/r1\",\"maxInputs\":500,\"budget\":5000000000,\"threshold\":0.5,\"dryRun\":true,"
        + "\"weights\":[1,2],\"anything\":{\"a\":[1]}}}");
    assertThat(nb.cell(2).tags()).containsExactly("injected-parameters");
  }

  @Test
  void theRealReportNotebookTakesItsParameters() {
    Notebook nb = Notebook.read(Path.of("../notebooks/report.ipynb"));
    Parameters.Injection inj = Parameters.fromArgs(List.of("-p", "runDir", "\"runs/r1\"", "-p", "maxInputs",
        "500")).inject(nb);
    assertThat(inj.cellIndex()).isEqualTo(3);
    assertThat(nb.cell(3).source()).isEqualTo("// Parameters\nString runDir = \"runs/r1\";\nint maxInputs = 500;");
    assertThat(nb.cell(3).id()).isNotBlank();
    assertThat(Notebook.parse(nb.toJson()).cell(3).hasTag("injected-parameters")).isTrue();
  }

  @Test
  void anUndeclaredParameterIsAWarningAndUsesVar() {
    Notebook nb = notebook(CELL);
    Parameters.Injection inj = Parameters.none().with("extra", "\"x\"").inject(nb);
    assertThat(inj.warnings()).singleElement().asString().startsWith(
        "-p extra: the cell tagged parameters declares no extra (it declares runDir, maxInputs, budget")
        .endsWith("injected as var extra");
    assertThat(nb.cell(2).source()).endsWith("\nvar extra = \"x\";");
  }

  @Test
  void withoutAParametersCellTheCellGoesFirstWithAWarning() {
    Notebook nb = Notebook.empty();
    nb.insertCode(0, "int maxInputs = 3;");
    Parameters.Injection inj = Parameters.none().with("maxInputs", "5").inject(nb);
    assertThat(inj.cellIndex()).isZero();
    assertThat(inj.warnings()).containsExactly(
        "the notebook has no cell tagged parameters; the parameters are injected in cell 0 and declared with var");
    assertThat(nb.cell(0).source()).isEqualTo("// Parameters\nvar maxInputs = 5;");
    assertThat(nb.cell(0).hasTag("injected-parameters")).isTrue();
  }

  @Test
  void aValueOfTheWrongKindNamesTheParameterTheTypeAndTheValue() {
    Notebook nb = notebook(CELL);
    assertThatThrownBy(() -> Parameters.none().with("maxInputs", "\"runs/r1\"").inject(nb))
        .isInstanceOf(NotebookException.class).hasMessage("-p maxInputs: the cell tagged parameters declares int "
            + "maxInputs, but the value \"runs/r1\" is a string");
    assertThatThrownBy(() -> Parameters.none().with("maxInputs", "5000000000").inject(nb))
        .hasMessage("-p maxInputs: the cell tagged parameters declares int maxInputs, but the value 5000000000L "
            + "is a long (not within int's range)");
    assertThatThrownBy(() -> Parameters.none().with("maxInputs", "0.5").inject(nb)).hasMessageContaining("is a double");
    assertThatThrownBy(() -> Parameters.none().with("runDir", "5").inject(nb))
        .hasMessageContaining("declares String runDir, but the value 5 is an int");
    assertThatThrownBy(() -> Parameters.none().with("small", "40000").inject(nb))
        .hasMessageContaining("(not within short's range)");
    assertThatThrownBy(() -> Parameters.none().with("weights", "List.of(\"a\")").inject(nb))
        .hasMessageContaining("declares List<Double> weights, but the value List.of(\"a\") is a List.of");
    assertThatThrownBy(() -> Parameters.none().with("labels", "List.of(\"a\")").inject(nb))
        .hasMessageContaining("declares Set<String> labels");
    assertThatThrownBy(() -> Parameters.none().with("out", "\"x\"").inject(nb))
        .hasMessageContaining("declares java.nio.file.Path out, a type the runner cannot inject into");
    assertThat(nb.indexOfTag("injected-parameters")).isEqualTo(-1);
    assertThat(nb.metadata().has("papermill")).as("a refused injection changes nothing").isFalse();
  }

  @Test
  void valuesThatAreNotLiteralsAreRefused() {
    assertThatThrownBy(() -> Parameters.none().with("runDir", "runs/r1")).isInstanceOf(NotebookException.class)
        .hasMessageStartingWith("-p runDir: «runs/r1» is not a Java literal; give an int, long, double or boolean")
        .hasMessageContaining("'\"runs/r1\"' in a shell");
    assertThatThrownBy(() -> Parameters.none().with("x", "'runs'")).hasMessageContaining("needs double quotes");
    assertThatThrownBy(() -> Parameters.none().with("x", "010")).hasMessageContaining("octal");
    assertThatThrownBy(() -> Parameters.none().with("x", "0x10")).hasMessageContaining("not a Java literal");
    assertThatThrownBy(() -> Parameters.none().with("x", "1_000")).hasMessageContaining("not a Java literal");
    assertThatThrownBy(() -> Parameters.none().with("x", "0.5f")).hasMessageContaining("float literals");
    assertThatThrownBy(() -> Parameters.none().with("x", "1e400")).hasMessageContaining("outside the range");
    assertThatThrownBy(() -> Parameters.none().with("x", "99999999999999999999")).hasMessageContaining("too large");
    assertThatThrownBy(() -> Parameters.none().with("x", "System.exit(1)")).hasMessageContaining("not a Java");
    assertThatThrownBy(() -> Parameters.none().with("x", "List.of(1, x)")).hasMessageContaining("not a Java");
    assertThatThrownBy(() -> Parameters.none().with("x", "\"a\" + \"b\"")).hasMessageContaining("unexpected '+");
    assertThatThrownBy(() -> Parameters.none().with("x", "\"open")).hasMessageContaining("no closing");
    assertThatThrownBy(() -> Parameters.none().with("x", "\"\\q\"")).hasMessageContaining("\\q is not a Java escape");
    assertThatThrownBy(() -> Parameters.none().with("x", "Set.of(1, 1)")).hasMessageContaining("duplicate element");
    assertThatThrownBy(() -> Parameters.none().with("x", "Map.of(1)")).hasMessageContaining("in pairs");
    assertThatThrownBy(() -> Parameters.none().with("x", "")).hasMessageContaining("empty value");
    assertThatThrownBy(() -> Parameters.none().with("2x", "1")).hasMessageContaining("Java identifier");
    assertThatThrownBy(() -> Parameters.none().with("class", "1")).hasMessageContaining("Java identifier");
    assertThatThrownBy(() -> Parameters.none().with("x", "1").with("x", "2")).hasMessage("-p x: given twice");
    assertThatThrownBy(() -> Parameters.fromArgs(List.of("--html", "x"))).hasMessageContaining("expected -p");
    assertThatThrownBy(() -> Parameters.fromArgs(List.of("-p", "x"))).hasMessageContaining("needs a name and a value");
  }

  @Test
  void aUnicodeEscapedQuoteCannotCloseTheStringEarly() {
    // javac turns \u0022 into a quote before it reads the literal: "a\u0022 + ... would end the string
    assertThatThrownBy(() -> Parameters.none().with("x", "\"a\\u0022 + System.exit(1) + \\u0022b\""))
        .hasMessageContaining("unexpected '+");
    Notebook nb = notebook("String s = \"\";");
    Parameters.none().with("s", "\"line\\nnext\\u0007 \\u202e\"").inject(nb);
    assertThat(nb.cell(2).source()).endsWith("String s = \"line\\nnext\\007 \\u202e\";");
    assertThatThrownBy(() -> Parameters.none().with("s", "\"a\\u0022\"")).hasMessageContaining("unexpected '\"'");
  }

  @Test
  void aRerunReplacesTheEarlierInjectedCell() {
    Notebook nb = notebook(CELL);
    Parameters.none().with("maxInputs", "1").inject(nb);
    Notebook output = Notebook.parse(nb.toJson());
    Parameters.Injection again = Parameters.none().with("maxInputs", "2").with("runDir", "\"b\"").inject(output);
    assertThat(output.cells()).hasSize(4);
    assertThat(again.cellIndex()).isEqualTo(2);
    assertThat(output.cell(2).source()).isEqualTo("// Parameters\nint maxInputs = 2;\nString runDir = \"b\";");
    assertThat(output.metadata().at("/papermill/parameters").toString())
        .isEqualTo("{\"maxInputs\":2,\"runDir\":\"b\"}");
    assertThat(output.cells().stream().filter(c -> c.hasTag("injected-parameters"))).hasSize(1);
  }

  @Test
  void noParametersInjectNothingButAreRecorded() {
    Notebook nb = notebook(CELL);
    Parameters.Injection inj = Parameters.none().inject(nb);
    assertThat(inj.cellIndex()).isEqualTo(-1);
    assertThat(nb.cells()).hasSize(3);
    assertThat(nb.metadata().at("/papermill/parameters").toString()).isEqualTo("{}");
  }
}
