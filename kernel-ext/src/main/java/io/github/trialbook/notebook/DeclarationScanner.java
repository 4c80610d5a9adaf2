package io.github.trialbook.notebook;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finds the variable declarations of a parameters cell without a Java parser. */
final class DeclarationScanner {
  private static final Set<String> PRIMITIVES = Set.of("int", "long", "short", "byte", "double", "float", "boolean",
      "char");

  /** Java's reserved words and literals ({@code var}, {@code record} and the like stay identifiers). */
  private static final Set<String> KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
      "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
      "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
      "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
      "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
      "true", "false", "null", "_");

  private DeclarationScanner() {}

  /** Whether {@code name} is a Java identifier that is not a reserved word. */
  static boolean isIdentifier(String name) {
    if (name == null || name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!Character.isJavaIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return !KEYWORDS.contains(name);
  }

  /** {@code source} with comments replaced by spaces; string, char and text-block literals kept. */
  static String withoutComments(String source) {
    StringBuilder out = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '/' && i + 1 < n && source.charAt(i + 1) == '/') {
        while (i < n && source.charAt(i) != '\n') {
          i++;
        }
        out.append(' ');
      } else if (c == '/' && i + 1 < n && source.charAt(i + 1) == '*') {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        out.append(' ');
      } else if (c == '"' || c == '\'') {
        int end = literalEnd(source, i);
        out.append(source, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The index after the string, char or text-block literal starting at {@code i}. */
  private static int literalEnd(String s, int i) {
    if (s.startsWith("\"\"\"", i)) {
      int end = s.indexOf("\"\"\"", i + 3);
      return end < 0 ? s.length() : end + 3;
    }
    char quote = s.charAt(i);
    int j = i + 1;
    while (j < s.length() && s.charAt(j) != quote && s.charAt(j) != '\n') {
      j += s.charAt(j) == '\\' ? 2 : 1;
    }
    return Math.min(s.length(), j + 1);
  }

  /** Top-level statements: split at {@code ;} and after a top-level block's closing brace. */
  static List<String> statements(String code) {
    List<String> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    int i = 0;
    while (i < code.length()) {
      char c = code.charAt(i);
      if (c == '"' || c == '\'') {
        i = literalEnd(code, i);
        continue;
      }
      if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth = Math.max(0, depth - 1);
        if (c == '}' && depth == 0) {
          out.add(code.substring(start, i + 1));
          start = i + 1;
        }
      } else if (c == ';' && depth == 0) {
        out.add(code.substring(start, i));
        start = i + 1;
      }
      i++;
    }
    if (!code.substring(start).isBlank()) {
      out.add(code.substring(start));
    }
    return out;
  }

  /** The declarations of one statement, or none when it is not a variable declaration. */
  static List<Parameters.Declaration> declaration(String statement) {
    Cursor c = new Cursor(statement.strip());
    while (c.word("final")) {
      c.space();
    }
    int typeStart = c.pos;
    String first = c.identifier();
    if (first == null || KEYWORDS.contains(first) && !PRIMITIVES.contains(first)) {
      return List.of();
    }
    while (c.peek('.')) {
      c.pos++;
      if (c.identifier() == null) {
        return List.of();
      }
    }
    c.space();
    if (c.peek('<') && !c.typeArguments()) {
      return List.of();
    }
    c.space();
    while (c.peek('[')) {
      c.pos++;
      c.space();
      if (!c.peek(']')) {
        return List.of();
      }
      c.pos++;
      c.space();
    }
    String type = c.s.substring(typeStart, c.pos).strip();
    List<Parameters.Declaration> out = new ArrayList<>();
    while (true) {
      c.space();
      String name = c.identifier();
      if (name == null || KEYWORDS.contains(name)) {
        return List.of();
      }
      c.space();
      String init = null;
      if (c.peek('=') && !c.s.startsWith("==", c.pos)) {
        c.pos++;
        init = c.expression();
      }
      out.add(new Parameters.Declaration(type, name, init));
      c.space();
      if (c.pos >= c.s.length()) {
        return out;
      }
      if (!c.peek(',')) {
        return List.of();
      }
      c.pos++;
    }
  }

  private static final class Cursor {
    final String s;
    int pos;

    Cursor(String s) {
      this.s = s;
    }

    void space() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean peek(char c) {
      return pos < s.length() && s.charAt(pos) == c;
    }

    boolean word(String w) {
      if (s.startsWith(w, pos) && (pos + w.length() == s.length()
          || !Character.isJavaIdentifierPart(s.charAt(pos + w.length())))) {
        pos += w.length();
        return true;
      }
      return false;
    }

    String identifier() {
      if (pos >= s.length() || !Character.isJavaIdentifierStart(s.charAt(pos))) {
        return null;
      }
      int start = pos;
      while (pos < s.length() && Character.isJavaIdentifierPart(s.charAt(pos))) {
        pos++;
      }
      return s.substring(start, pos);
    }

    /** Skips balanced {@code <...>} holding only type characters. */
    boolean typeArguments() {
      int depth = 0;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '<') {
          depth++;
        } else if (c == '>') {
          if (--depth == 0) {
            return true;
          }
        } else if (!(Character.isJavaIdentifierPart(c) || c == '.' || c == ',' || c == '?' || c == '['
            || c == ']' || c == '&' || Character.isWhitespace(c))) {
          return false;
        }
      }
      return false;
    }

    /** The initializer up to a top-level comma or the end. */
    String expression() {
      int start = pos;
      int depth = 0;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '"' || c == '\'') {
          pos = literalEnd(s, pos);
          continue;
        }
        if (c == '(' || c == '[' || c == '{') {
          depth++;
        } else if (c == ')' || c == ']' || c == '}') {
          depth--;
        } else if (c == ',' && depth == 0) {
          break;
        }
        pos++;
      }
      return s.substring(start, pos).strip();
    }
  }
}
