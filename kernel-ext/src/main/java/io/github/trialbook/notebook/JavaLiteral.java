package io.github.trialbook.notebook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parameter value as the runner accepts it: an int, long, double or boolean literal, a string
 * literal in double quotes, or {@code List.of}/{@code Set.of}/{@code Map.of} of those. {@link
 * #java} is the canonical Java source (strings re-escaped), {@link #json} the value papermill
 * records, {@link #number} the digits of a number without a suffix.
 */
record JavaLiteral(Kind kind, String java, JsonNode json, String number, List<JavaLiteral> elements) {
  enum Kind {
    INT("an int"), LONG("a long"), DOUBLE("a double"), BOOLEAN("a boolean"), STRING("a string"),
    LIST("a List.of"), SET("a Set.of"), MAP("a Map.of");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  private static final Pattern NUMBER = Pattern.compile("-?(\\d+\\.\\d*|\\.\\d+|\\d+)([eE][+-]?\\d+)?([lLdDfF]?)");
  static final String ACCEPTED = "give an int, long, double or boolean literal (500, 5000000000, 0.5, true), "
      + "a string in double quotes ('\"runs/r1\"' in a shell), or List.of/Set.of/Map.of of those";

  /** Parses {@code raw}; an {@link IllegalArgumentException} says what is wrong and what is accepted. */
  static JavaLiteral parse(String raw) {
    Parser p = new Parser(unicodeEscapes(raw.strip()));
    JavaLiteral lit = p.value();
    p.skipSpace();
    if (p.pos != p.s.length()) {
      throw new IllegalArgumentException(quote(raw) + " is not a Java literal (unexpected '"
          + p.s.substring(p.pos, Math.min(p.s.length(), p.pos + 12)) + "'); " + ACCEPTED);
    }
    return lit;
  }

  static String quote(String raw) {
    return "«" + raw + "»";
  }

  /** The unicode escapes javac translates before it reads a literal ({@code \u0022} is a quote). */
  static String unicodeEscapes(String s) {
    StringBuilder out = new StringBuilder(s.length());
    int backslashes = 0;
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '\\' && backslashes % 2 == 0 && i + 1 < s.length() && s.charAt(i + 1) == 'u') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) == 'u') {
          j++;
        }
        if (j + 4 > s.length() || !s.substring(j, j + 4).matches("[0-9a-fA-F]{4}")) {
          throw new IllegalArgumentException(quote(s) + " has a broken unicode escape \\u");
        }
        out.append((char) Integer.parseInt(s.substring(j, j + 4), 16));
        i = j + 4;
        backslashes = 0;
        continue;
      }
      backslashes = c == '\\' ? backslashes + 1 : 0;
      out.append(c);
      i++;
    }
    return out.toString();
  }

  /** {@code s} as a Java string literal that is safe to show: controls escaped, no unicode escapes of quotes. */
  static String javaString(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
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
          if (c < 0x20 || c == 0x7F) {
            out.append(String.format("\\%03o", (int) c)); // an octal escape: a lexical one, unlike \\u000a
          } else if (c >= 0x80 && c <= 0x9F || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069) {
            out.append(String.format("\\u%04x", (int) c)); // invisible or reordering: shown, harmless
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    JavaLiteral value() {
      skipSpace();
      if (pos >= s.length()) {
        throw new IllegalArgumentException("an empty value is not a Java literal; " + ACCEPTED);
      }
      char c = s.charAt(pos);
      if (c == '"') {
        return string();
      }
      for (String b : List.of("true", "false")) {
        if (s.startsWith(b, pos) && !identifierAt(pos + b.length())) {
          pos += b.length();
          return new JavaLiteral(Kind.BOOLEAN, b, NbJson.NODES.booleanNode(b.equals("true")), null, List.of());
        }
      }
      for (Kind k : List.of(Kind.LIST, Kind.SET, Kind.MAP)) {
        String head = (k == Kind.LIST ? "List" : k == Kind.SET ? "Set" : "Map") + ".of";
        if (s.startsWith(head, pos)) {
          int save = pos;
          pos += head.length();
          skipSpace();
          if (pos < s.length() && s.charAt(pos) == '(') {
            pos++;
            return collection(k, head);
          }
          pos = save;
        }
      }
      Matcher m = NUMBER.matcher(s).region(pos, s.length());
      if ((c == '-' || c == '.' || Character.isDigit(c)) && m.lookingAt() && !identifierAt(m.end())) {
        pos = m.end();
        return number(m.group(), m.group(1), m.group(2), m.group(3));
      }
      if (c == '\'') {
        throw new IllegalArgumentException(quote(s) + ": a string needs double quotes (char literals are not "
            + "accepted); " + ACCEPTED);
      }
      throw new IllegalArgumentException(quote(s) + " is not a Java literal; " + ACCEPTED);
    }

    private boolean identifierAt(int i) {
      return i < s.length() && (Character.isJavaIdentifierPart(s.charAt(i)) || s.charAt(i) == '.');
    }

    private JavaLiteral number(String text, String mantissa, String exponent, String suffix) {
      if (suffix.equals("f") || suffix.equals("F")) {
        throw new IllegalArgumentException(quote(text) + ": float literals are not accepted; write it without the "
            + "f (a float parameter takes a double literal)");
      }
      String body = text.substring(0, text.length() - suffix.length());
      boolean floating = mantissa.contains(".") || exponent != null || suffix.equalsIgnoreCase("d");
      if (floating) {
        if (suffix.equalsIgnoreCase("l")) {
          throw new IllegalArgumentException(quote(text) + " is not a Java literal; " + ACCEPTED);
        }
        double d = Double.parseDouble(body);
        if (Double.isInfinite(d) || d == 0 && mantissa.matches(".*[1-9].*")) {
          throw new IllegalArgumentException(quote(text) + " is outside the range of a double");
        }
        return new JavaLiteral(Kind.DOUBLE, body, NbJson.NODES.numberNode(d), body, List.of());
      }
      String digits = body.startsWith("-") ? body.substring(1) : body;
      if (digits.length() > 1 && digits.startsWith("0")) {
        throw new IllegalArgumentException(quote(text) + ": a leading zero makes an octal number in Java; "
            + "write it without");
      }
      BigInteger v = new BigInteger(body);
      boolean forceLong = suffix.equalsIgnoreCase("l");
      if (v.bitLength() > 63) {
        throw new IllegalArgumentException(quote(text) + " is too large for a long; pass a double (" + body
            + ".0) or a string");
      }
      if (!forceLong && v.bitLength() <= 31) {
        return new JavaLiteral(Kind.INT, v.toString(), NbJson.NODES.numberNode(v.intValue()), v.toString(),
            List.of());
      }
      return new JavaLiteral(Kind.LONG, v + "L", NbJson.NODES.numberNode(v.longValue()), v.toString(), List.of());
    }

    private JavaLiteral string() {
      if (s.startsWith("\"\"\"", pos)) {
        throw new IllegalArgumentException(quote(s) + ": text blocks are not accepted; use \"...\" with \\n");
      }
      pos++;
      StringBuilder v = new StringBuilder();
      while (true) {
        if (pos >= s.length()) {
          throw new IllegalArgumentException(quote(s) + ": the string has no closing double quote");
        }
        char c = s.charAt(pos++);
        if (c == '"') {
          break;
        }
        if (c == '\n' || c == '\r') {
          throw new IllegalArgumentException(quote(s) + ": a string literal cannot hold a line break; write \\n");
        }
        if (c != '\\') {
          v.append(c);
          continue;
        }
        if (pos >= s.length()) {
          throw new IllegalArgumentException(quote(s) + ": the string has no closing double quote");
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'b' -> v.append('\b');
          case 't' -> v.append('\t');
          case 'n' -> v.append('\n');
          case 'f' -> v.append('\f');
          case 'r' -> v.append('\r');
          case 's' -> v.append(' ');
          case '"', '\'', '\\' -> v.append(e);
          default -> {
            if (e < '0' || e > '7') {
              throw new IllegalArgumentException(quote(s) + ": \\" + e + " is not a Java escape");
            }
            int max = e <= '3' ? 3 : 2;
            int start = pos - 1;
            while (pos < s.length() && pos - start < max && s.charAt(pos) >= '0' && s.charAt(pos) <= '7') {
              pos++;
            }
            v.append((char) Integer.parseInt(s.substring(start, pos), 8));
          }
        }
      }
      String value = v.toString();
      return new JavaLiteral(Kind.STRING, javaString(value), NbJson.NODES.textNode(value), null, List.of());
    }

    private JavaLiteral collection(Kind kind, String head) {
      List<JavaLiteral> items = new ArrayList<>();
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == ')') {
        pos++;
      } else {
        while (true) {
          items.add(value());
          skipSpace();
          if (pos < s.length() && s.charAt(pos) == ',') {
            pos++;
          } else if (pos < s.length() && s.charAt(pos) == ')') {
            pos++;
            break;
          } else {
            throw new IllegalArgumentException(quote(s) + ": expected ',' or ')' in " + head + "(...)");
          }
        }
      }
      return JavaLiteral.collection(kind, items);
    }
  }

  /** A collection literal of {@code items} (for a map: keys and values in turn), checked as Java would. */
  static JavaLiteral collection(Kind kind, List<JavaLiteral> items) {
    String head = (kind == Kind.LIST ? "List" : kind == Kind.SET ? "Set" : "Map") + ".of";
    List<String> sources = new ArrayList<>();
    items.forEach(i -> sources.add(i.java));
    String java = head + "(" + String.join(", ", sources) + ")";
    Set<String> seen = new HashSet<>();
    if (kind == Kind.MAP) {
      if (items.size() % 2 != 0) {
        throw new IllegalArgumentException(quote(java) + ": Map.of takes keys and values in pairs");
      }
      if (items.size() > 20) {
        throw new IllegalArgumentException(quote(java) + ": Map.of takes at most 10 pairs");
      }
      ObjectNode o = NbJson.NODES.objectNode();
      for (int i = 0; i < items.size(); i += 2) {
        if (!seen.add(items.get(i).java)) {
          throw new IllegalArgumentException(quote(java) + ": Map.of would throw on the duplicate key "
              + items.get(i).java);
        }
        o.set(items.get(i).json.asText(), items.get(i + 1).json);
      }
      return new JavaLiteral(kind, java, o, null, List.copyOf(items));
    }
    ArrayNode a = NbJson.NODES.arrayNode();
    for (JavaLiteral item : items) {
      if (kind == Kind.SET && !seen.add(item.java)) {
        throw new IllegalArgumentException(quote(java) + ": Set.of would throw on the duplicate element "
            + item.java);
      }
      a.add(item.json);
    }
    return new JavaLiteral(kind, java, a, null, List.copyOf(items));
  }
}
