package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON text the way nbformat writes it ({@code json.dumps(nb, indent=1, sort_keys=True,
 * ensure_ascii=False)} plus a trailing newline), and nbformat's multiline-string conventions.
 */
final class NbJson {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private NbJson() {}

  /** {@code node} as nbformat's text: 1-space indent, sorted keys, {@code []}/{@code {}} when empty. */
  static String write(JsonNode node) {
    StringBuilder out = new StringBuilder(4096);
    write(node, out, 0);
    return out.append('\n').toString();
  }

  private static void write(JsonNode node, StringBuilder out, int depth) {
    if (node.isObject()) {
      if (node.isEmpty()) {
        out.append("{}");
        return;
      }
      Map<String, JsonNode> sorted = new TreeMap<>();
      node.fields().forEachRemaining(e -> sorted.put(e.getKey(), e.getValue()));
      out.append('{');
      boolean first = true;
      for (Map.Entry<String, JsonNode> e : sorted.entrySet()) {
        out.append(first ? "\n" : ",\n");
        first = false;
        indent(out, depth + 1);
        string(e.getKey(), out);
        out.append(": ");
        write(e.getValue(), out, depth + 1);
      }
      out.append('\n');
      indent(out, depth);
      out.append('}');
    } else if (node.isArray()) {
      if (node.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        out.append(i == 0 ? "\n" : ",\n");
        indent(out, depth + 1);
        write(node.get(i), out, depth + 1);
      }
      out.append('\n');
      indent(out, depth);
      out.append(']');
    } else if (node.isTextual()) {
      string(node.textValue(), out);
    } else if (node.isFloatingPointNumber()) {
      out.append(pythonFloat(node.doubleValue()));
    } else {
      out.append(node.toString()); // integers, booleans, null
    }
  }

  private static void indent(StringBuilder out, int depth) {
    for (int i = 0; i < depth; i++) {
      out.append(' ');
    }
  }

  /** Python's {@code json} string escaping with {@code ensure_ascii=False}. */
  static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** A double as Python's {@code repr} writes it ({@code 0.0001}, {@code 1e-05}, {@code 1e+16}). */
  static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    if (d == 0) {
      return (1 / d) < 0 ? "-0.0" : "0.0";
    }
    BigDecimal bd = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
    String digits = bd.unscaledValue().toString();
    int decpt = digits.length() - bd.scale(); // value = 0.digits * 10^decpt
    String sign = d < 0 ? "-" : "";
    if (decpt > 16 || decpt < -3) {
      int exp = decpt - 1;
      String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
      return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }
    if (decpt <= 0) {
      return sign + "0." + "0".repeat(-decpt) + digits;
    }
    if (decpt >= digits.length()) {
      return sign + digits + "0".repeat(decpt - digits.length()) + ".0";
    }
    return sign + digits.substring(0, decpt) + "." + digits.substring(decpt);
  }

  /** Python's {@code str.splitlines(True)}: each line keeps its line break. */
  static List<String> splitLines(String s) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      boolean lineBreak = c == '\n' || c == '\r' || c == '\u000b' || c == '\u000c' || c == '\u001c'
          || c == '\u001d' || c == '\u001e' || c == '\u0085' || c == '\u2028' || c == '\u2029';
      if (lineBreak) {
        if (c == '\r' && i + 1 < n && s.charAt(i + 1) == '\n') {
          i++;
        }
        lines.add(s.substring(start, i + 1));
        start = i + 1;
      }
    }
    if (start < n) {
      lines.add(s.substring(start));
    }
    return lines;
  }

  /** {@code s} as nbformat writes a multiline string: a list of its lines. */
  static ArrayNode lines(String s) {
    ArrayNode a = NODES.arrayNode();
    splitLines(s).forEach(a::add);
    return a;
  }

  /** A string, or a list of strings joined; null for anything else. */
  static String joined(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (!node.isArray()) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (JsonNode line : node) {
      if (!line.isTextual()) {
        return null;
      }
      sb.append(line.textValue());
    }
    return sb.toString();
  }

  /** Whether nbformat splits this mime type's string value into lines on write. */
  static boolean splitsMime(String mime) {
    return mime.startsWith("text/") || mime.equals("application/javascript") || mime.equals("image/svg+xml");
  }

  /** nbformat's {@code split_lines}, applied to a copy of the notebook before writing. */
  static void splitMultiline(ObjectNode root) {
    JsonNode cells = root.get("cells");
    if (cells == null || !cells.isArray()) {
      return;
    }
    for (JsonNode cell : cells) {
      ObjectNode c = (ObjectNode) cell;
      if (c.path("source").isTextual()) {
        c.set("source", lines(c.get("source").textValue()));
      }
      JsonNode outputs = c.get("outputs");
      if (outputs == null || !outputs.isArray() || !"code".equals(c.path("cell_type").asText())) {
        continue;
      }
      for (JsonNode o : outputs) {
        ObjectNode out = (ObjectNode) o;
        String type = out.path("output_type").asText();
        if (type.equals("stream") && out.path("text").isTextual()) {
          out.set("text", lines(out.get("text").textValue()));
        } else if ((type.equals("execute_result") || type.equals("display_data")) && out.path("data").isObject()) {
          ObjectNode data = (ObjectNode) out.get("data");
          for (Iterator<String> it = data.fieldNames(); it.hasNext();) {
            String mime = it.next();
            if (data.get(mime).isTextual() && splitsMime(mime)) {
              data.set(mime, lines(data.get(mime).textValue()));
            }
          }
        }
      }
    }
  }
}
