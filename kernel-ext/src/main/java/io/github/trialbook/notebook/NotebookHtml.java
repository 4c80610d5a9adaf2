package io.github.trialbook.notebook;

import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An executed notebook as one self-contained HTML page: inline CSS, no JavaScript, nothing fetched
 * from the network, the same bytes for the same notebook. Everything a notebook holds is treated
 * as untrusted (cells are written by anyone, outputs come from models and programs):
 *
 * <ul>
 *   <li>markdown cells as a small safe subset (headings, paragraphs, bullet lists, fenced code,
 *       {@code `code`} spans, {@code **bold**}); every character escaped, raw HTML shown as text,
 *       links shown as their text; raw cells as escaped preformatted text;
 *   <li>code cells as their escaped source with the {@code In [n]} count and papermill's status;
 *   <li>stream text, {@code text/plain} and tracebacks in {@code <pre>}, with ANSI escape sequences
 *       removed, other control and bidi characters made visible ({@code internal.PlainText}), then
 *       HTML-escaped;
 *   <li>{@code image/png}, {@code image/jpeg}, {@code image/gif} and {@code image/svg+xml} as
 *       {@code <img>} with a {@code data:} URI (SVG never inline, so it cannot script or fetch);
 *       image data that is not base64 is shown as a note instead;
 *   <li>{@code text/html} inside {@code <iframe sandbox srcdoc="...">}: the HTML is escaped into
 *       the attribute, the empty {@code sandbox} forbids scripts, forms, popups and same-origin
 *       access, and a {@code Content-Security-Policy} placed first in the frame forbids every
 *       fetch except {@code data:} images, so an output's HTML can neither run nor phone home. An
 *       output with a picture shows the picture; one with HTML the frame; else its text;
 *   <li>{@code application/json} and other text mime types as escaped text.
 * </ul>
 *
 * <pre>{@code
 * Notebook nb = Notebook.read(Path.of("out.ipynb"));
 * NotebookHtml.save(nb, "report", Path.of("out.html"));
 * }</pre>
 */
public final class NotebookHtml {
  /** ANSI CSI and OSC sequences and two-character escapes. */
  private static final Pattern ANSI = Pattern.compile(
      "\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)?|\u001b[@-Z\\\\-_]"
          + "|\u009b[0-?]*[ -/]*[@-~]");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]*={0,2}");
  private static final List<String> PICTURES = List.of("image/png", "image/jpeg", "image/gif", "image/svg+xml");
  private static final String FRAME_CSP = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src "
      + "'none'; img-src data:; style-src 'unsafe-inline'; font-src data:\">";
  private static final String CSS = """
      body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;margin:2em auto;\
      padding:0 1em;color:#1f2328;line-height:1.45}
      pre{background:#f6f8fa;padding:.6em .8em;overflow-x:auto;margin:.3em 0;font-size:13px;white-space:pre-wrap;\
      word-break:break-word}
      code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
      .cell{margin:1.2em 0}
      .prompt{color:#57606a;font:12px ui-monospace,monospace;margin-bottom:.2em}
      .source{border-left:3px solid #0969da}
      .stderr{background:#fff8e6}
      .error{background:#ffebe9;border-left:3px solid #cf222e}
      .failed .source{border-left-color:#cf222e}
      .tag{display:inline-block;background:#ddf4ff;border-radius:3px;padding:0 .4em;margin-left:.4em}
      .note{color:#57606a;font-style:italic}
      iframe{width:100%;border:1px solid #d0d7de;resize:vertical}
      img{max-width:100%}
      .markdown code{background:#f6f8fa;padding:0 .2em}
      """;

  private NotebookHtml() {}

  /** The page for {@code nb}, titled {@code title}. */
  public static String render(Notebook nb, String title) {
    StringBuilder out = new StringBuilder(16384);
    out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; ")
        .append("style-src 'unsafe-inline'; frame-src 'self' about: data:\">\n")
        .append("<title>").append(Html.escape(PlainText.escape(title))).append("</title>\n<style>\n").append(CSS)
        .append("</style>\n</head>\n<body>\n");
    for (Cell cell : nb.cells()) {
      cell(cell, out);
    }
    return out.append("</body>\n</html>\n").toString();
  }

  /** Writes {@link #render} to {@code file} atomically. */
  public static void save(Notebook nb, String title, Path file) {
    Notebook.writeAtomically(file, render(nb, title));
  }

  private static void cell(Cell cell, StringBuilder out) {
    switch (cell.type()) {
      case MARKDOWN -> out.append("<div class=\"cell markdown\">\n").append(MiniMarkdown.toHtml(cell.source()))
          .append("</div>\n");
      case RAW -> out.append("<div class=\"cell raw\">").append(pre("raw", cell.source())).append("</div>\n");
      case CODE -> code(cell, out);
      default -> throw new AssertionError(cell.type());
    }
  }

  private static void code(Cell cell, StringBuilder out) {
    ExecutionStatus status = cell.status();
    out.append("<div class=\"cell code").append(status == ExecutionStatus.FAILED ? " failed" : "").append("\">\n");
    Integer count = cell.executionCount();
    out.append("<div class=\"prompt\">In [").append(count == null ? " " : count.toString()).append("]");
    if (status != null) {
      out.append(" · ").append(status.json());
    }
    Double seconds = cell.durationSeconds();
    if (seconds != null) {
      out.append(" · ").append(String.format(java.util.Locale.ROOT, "%.3f s", seconds));
    }
    for (String tag : cell.tags()) {
      out.append("<span class=\"tag\">").append(Html.escape(PlainText.escape(tag))).append("</span>");
    }
    out.append("</div>\n").append(pre("source", cell.source()));
    for (Output o : cell.outputs()) {
      output(o, out);
    }
    out.append("</div>\n");
  }

  private static void output(Output o, StringBuilder out) {
    OutputType type = o.type();
    if (type == OutputType.STREAM) {
      out.append(pre("stdout".equals(o.name()) ? "stream" : "stream stderr", o.text()));
    } else if (type == OutputType.ERROR) {
      StringBuilder text = new StringBuilder(o.ename()).append(": ").append(o.evalue());
      for (String line : o.traceback()) {
        text.append('\n').append(line);
      }
      out.append(pre("error", text.toString()));
    } else {
      bundle(o, out);
    }
  }

  private static void bundle(Output o, StringBuilder out) {
    for (String mime : PICTURES) {
      String data = o.dataText(mime);
      if (data != null) {
        out.append(picture(mime, data)).append('\n');
        return;
      }
    }
    String html = o.dataText("text/html");
    if (html != null) {
      int lines = (int) html.chars().filter(c -> c == '\n').count() + countOf(html, "<tr") + countOf(html, "<br");
      int height = Math.min(600, 40 + 22 * Math.max(1, lines));
      out.append("<iframe sandbox=\"\" title=\"output\" style=\"height:").append(height).append("px\" srcdoc=\"")
          .append(Html.escape(FRAME_CSP + html)).append("\"></iframe>\n");
      return;
    }
    String plain = o.dataText("text/plain");
    if (plain != null) {
      out.append(pre("result", plain));
      return;
    }
    for (String mime : o.mimeTypes()) {
      if (mime.startsWith("text/") || mime.endsWith("json")) {
        String text = o.dataText(mime);
        out.append(pre("result", text != null ? text : o.data(mime).toPrettyString()));
        return;
      }
    }
    if (!o.mimeTypes().isEmpty()) {
      out.append("<p class=\"note\">[output of type ").append(Html.escape(PlainText.escape(String.join(", ",
          o.mimeTypes())))).append(" not shown]</p>\n");
    }
  }

  private static int countOf(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String picture(String mime, String data) {
    String base64;
    if (mime.equals("image/svg+xml")) {
      base64 = Base64.getEncoder().encodeToString(data.getBytes(StandardCharsets.UTF_8));
    } else {
      base64 = data.replaceAll("\\s+", "");
      if (!BASE64.matcher(base64).matches()) {
        return "<p class=\"note\">[" + Html.escape(mime) + " output that is not base64, not shown]</p>";
      }
    }
    return "<img alt=\"" + Html.escape(mime) + " output\" src=\"data:" + mime + ";base64," + base64 + "\">";
  }

  /** {@code text} in a {@code <pre>}: ANSI sequences removed, controls made visible, HTML escaped. */
  static String pre(String cssClass, String text) {
    return "<pre class=\"" + cssClass + "\">" + Html.escape(visible(text)) + "</pre>\n";
  }

  /** {@code text} without ANSI escape sequences and with other controls made visible. */
  static String visible(String text) {
    return PlainText.escape(ANSI.matcher(text == null ? "" : text).replaceAll(""));
  }
}
