package io.github.trialbook.notebook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotebookHtmlTest {
  private static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9aw"
      + "AAAABJRU5ErkJggg==";
  private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

  @TempDir
  Path tmp;

  private static Notebook hostile() {
    Notebook nb = Notebook.empty();
    nb.insertMarkdown(0, "# Report <script>alert(1)</script>\n\nSee `a < b` and **bold** <img src=x onerror=alert(1)>"
        + "\n\n- item \"one\"\n- item 'two'\n\n```\n</pre><script>x</script>\n```");
    Cell code = nb.insertCode(1, "String s = \"</pre><script>alert('x')</script>\";");
    code.setTags(List.of("tag\"><script>"));
    code.setExecutionCount(1);
    code.addOutput(Output.stream("stdout",
        "\u001b[31mred\u001b[0m </pre><script>bad()</script>\r\n\u001b]0;title\u0007done"));
    code.addOutput(Output.stream("stderr", "warn & \"quoted\" \u202eevil"));
    code.addOutput(Output.displayData(Map.of("text/html", "<table><tr><td>\"q\" & </td></tr></table>"
        + "<script>steal()</script><img src=\"http://evil.example/x.png\">", "text/plain", "table"), Map.of()));
    code.addOutput(Output.displayData(Map.of("image/png", PNG, "text/plain", "chart"), Map.of()));
    code.addOutput(Output.displayData(Map.of("image/svg+xml", SVG), Map.of()));
    code.addOutput(Output.displayData(Map.of("image/png", "\"><script>alert(1)</script>"), Map.of()));
    code.addOutput(Output.executeResult(1, Map.of("text/plain", "<42>"), Map.of()));
    code.addOutput(Output.error("java.lang.RuntimeException", "<boom>",
        List.of("\u001b[0;31mjava.lang.RuntimeException\u001b[0m: <boom>", "\tat REPL.$JShell$11.do_it$(#1:1)")));
    code.markRunning(java.time.Instant.parse("2026-12-01T10:00:00Z"));
    code.markFinished(java.time.Instant.parse("2026-12-01T10:00:02Z"), true);
    nb.insertCode(2, "int never = 1;");
    nb.cells().get(2).toString();
    Cell raw = Notebook.parse(nb.toJson()).cells().get(0);
    assertThat(raw.type()).isEqualTo(CellType.MARKDOWN);
    return nb;
  }

  @Test
  void hostileContentIsEscaped() {
    String html = NotebookHtml.render(hostile(), "t</title><script>x()</script>");
    String withoutFrames = html.replaceAll("srcdoc=\"[^\"]*\"", "srcdoc");
    assertThat(withoutFrames).doesNotContain("<script", "<img src=x", "</pre><", "\u001b", "\u202e", "\u0007")
        .contains("<title>t&lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>")
        .contains("<h1>Report &lt;script&gt;alert(1)&lt;/script&gt;</h1>")
        .contains("<code>a &lt; b</code>", "<strong>bold</strong>", "&lt;img src=x onerror=alert(1)&gt;")
        .contains("<li>item &quot;one&quot;</li>", "<li>item &#39;two&#39;</li>")
        .contains("<pre class=\"code\">&lt;/pre&gt;&lt;script&gt;x&lt;/script&gt;</pre>")
        .contains("String s = &quot;&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;;")
        .contains("<span class=\"tag\">tag&quot;&gt;&lt;script&gt;</span>")
        .contains("<pre class=\"stream\">red &lt;/pre&gt;&lt;script&gt;bad()&lt;/script&gt;\r\ndone</pre>")
        .contains("<pre class=\"stream stderr\">warn &amp; &quot;quoted&quot; \uFFFDevil</pre>")
        .contains("<pre class=\"result\">&lt;42&gt;</pre>")
        .contains("<pre class=\"error\">java.lang.RuntimeException: &lt;boom&gt;\njava.lang.RuntimeException: "
            + "&lt;boom&gt;\n\tat REPL.$JShell$11.do_it$(#1:1)</pre>")
        .contains("In [1] · failed · 2.000 s", "<div class=\"cell code failed\">", "In [ ]")
        .contains("[image/png output that is not base64, not shown]")
        .doesNotContain("<svg", "http://evil", "<table");
  }

  @Test
  void htmlOutputsGoIntoASandboxedFrameThatCannotFetch() {
    String html = NotebookHtml.render(hostile(), "t");
    assertThat(html).contains("<iframe sandbox=\"\" title=\"output\"")
        .contains("srcdoc=\"&lt;meta http-equiv=&quot;Content-Security-Policy&quot; content=&quot;default-src "
            + "&#39;none&#39;; img-src data:;")
        .contains("&lt;table&gt;&lt;tr&gt;&lt;td&gt;&quot;q&quot; &amp; &lt;/td&gt;")
        .doesNotContain("<script", "<table", "allow-scripts", "allow-same-origin");
    // the frame's HTML may name a remote image; only the frame's policy stops it, nothing outside names one
    assertThat(html.replaceAll("srcdoc=\"[^\"]*\"", "srcdoc"))
        .doesNotContainPattern("(?i)<script|javascript:|https?://");
  }

  @Test
  void imagesAreEmbeddedAsDataUris() {
    String html = NotebookHtml.render(hostile(), "t");
    assertThat(html).contains("<img alt=\"image/png output\" src=\"data:image/png;base64," + PNG + "\">");
    String svg = Base64.getEncoder().encodeToString(SVG.getBytes(StandardCharsets.UTF_8));
    assertThat(html).contains("<img alt=\"image/svg+xml output\" src=\"data:image/svg+xml;base64," + svg + "\">");
    assertThat(html).doesNotContain(">chart<"); // the picture wins over its text/plain
  }

  @Test
  void thePageIsTheSameForTheSameNotebookAndSavedWhole() throws Exception {
    Notebook nb = Notebook.read(Path.of("../notebooks/report.ipynb"));
    String html = NotebookHtml.render(nb, "report");
    assertThat(NotebookHtml.render(Notebook.read(Path.of("../notebooks/report.ipynb")), "report")).isEqualTo(html);
    assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n").doesNotContain("<script")
        .contains("<h1>Evaluation report: screening models on the Breast Cancer Wisconsin data</h1>")
        .contains("<span class=\"tag\">parameters</span>");
    Path file = tmp.resolve("out/report.html");
    NotebookHtml.save(nb, "report", file);
    assertThat(Files.readString(file)).isEqualTo(html);
  }
}
