package io.github.trialbook.notebook;

import io.github.trialbook.render.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The markdown a report needs, and nothing that could carry markup: {@code #} headings, paragraphs,
 * {@code -}/{@code *} bullet lists, fenced code blocks, {@code `code`} spans and {@code **bold**}.
 * Text is escaped before any tag is added, so raw HTML in a cell shows as text.
 */
final class MiniMarkdown {
  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*?)\\s*#*\\s*");
  private static final Pattern BULLET = Pattern.compile("\\s{0,3}[-*+]\\s+(.*)");
  private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
  private static final Pattern BOLD = Pattern.compile("\\*\\*([^*]+)\\*\\*");

  private MiniMarkdown() {}

  static String toHtml(String markdown) {
    StringBuilder out = new StringBuilder();
    List<String> paragraph = new ArrayList<>();
    List<String> list = new ArrayList<>();
    String[] lines = markdown.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      String trimmed = line.strip();
      if (trimmed.startsWith("```") || trimmed.startsWith("~~~")) {
        flush(paragraph, list, out);
        String fence = trimmed.substring(0, 3);
        StringBuilder code = new StringBuilder();
        for (i++; i < lines.length && !lines[i].strip().startsWith(fence); i++) {
          code.append(code.length() == 0 ? "" : "\n").append(lines[i]);
        }
        out.append(NotebookHtml.pre("code", code.toString()));
        continue;
      }
      Matcher h = HEADING.matcher(trimmed);
      Matcher b = BULLET.matcher(line);
      if (h.matches()) {
        flush(paragraph, list, out);
        int level = h.group(1).length();
        out.append("<h").append(level).append('>').append(inline(h.group(2))).append("</h").append(level)
            .append(">\n");
      } else if (b.matches()) {
        flushParagraph(paragraph, out);
        list.add(b.group(1));
      } else if (trimmed.isEmpty()) {
        flush(paragraph, list, out);
      } else if (!list.isEmpty() && Character.isWhitespace(line.charAt(0))) {
        list.set(list.size() - 1, list.get(list.size() - 1) + " " + trimmed);
      } else {
        flushList(list, out);
        paragraph.add(trimmed);
      }
    }
    flush(paragraph, list, out);
    return out.toString();
  }

  private static void flush(List<String> paragraph, List<String> list, StringBuilder out) {
    flushParagraph(paragraph, out);
    flushList(list, out);
  }

  private static void flushParagraph(List<String> paragraph, StringBuilder out) {
    if (!paragraph.isEmpty()) {
      out.append("<p>").append(inline(String.join("\n", paragraph))).append("</p>\n");
      paragraph.clear();
    }
  }

  private static void flushList(List<String> list, StringBuilder out) {
    if (!list.isEmpty()) {
      out.append("<ul>\n");
      list.forEach(item -> out.append("<li>").append(inline(item)).append("</li>\n"));
      out.append("</ul>\n");
      list.clear();
    }
  }

  /** Escaped text with code spans and bold; code spans are taken first so their stars stay. */
  static String inline(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = CODE_SPAN.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(bold(Html.escape(NotebookHtml.visible(text.substring(last, m.start())))));
      out.append("<code>").append(Html.escape(NotebookHtml.visible(m.group(1)))).append("</code>");
      last = m.end();
    }
    out.append(bold(Html.escape(NotebookHtml.visible(text.substring(last)))));
    return out.toString();
  }

  private static String bold(String escaped) {
    return BOLD.matcher(escaped).replaceAll("<strong>$1</strong>");
  }
}
