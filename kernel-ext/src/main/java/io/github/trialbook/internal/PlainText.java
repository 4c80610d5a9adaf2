package io.github.trialbook.internal;

/**
 * Makes text safe to show as {@code text/plain} or on a terminal, the way {@code Html.escape}
 * makes it safe for HTML: model outputs may hold ANSI escape sequences, carriage returns or
 * bidirectional overrides that would recolour, hide or reorder what a notebook or a console
 * shows. Every text rendering passes through {@link #escape}; the data keeps the exact value.
 *
 * <p>Kept: {@code \n}, {@code \t} and a {@code \r} right before {@code \n}. Replaced, one
 * character for one so column widths hold: C0 controls by their visible symbol
 * ({@code ESC} → {@code ␛}, a lone {@code \r} → {@code ␍}), {@code DEL} by {@code ␡}, C1 controls
 * ({@code U+0080}–{@code U+009F}, among them the one-byte CSI) and the bidi embeddings, overrides
 * and isolates ({@code U+202A}–{@code U+202E}, {@code U+2066}–{@code U+2069}) by {@code �}.
 *
 * <pre>{@code
 * PlainText.escape("\u001b[31mred\u001b[0m");   // "␛[31mred␛[0m"
 * }</pre>
 */
public final class PlainText {
  private PlainText() {}

  /** {@code text} with its unsafe characters replaced; the same string when it has none. */
  public static String escape(String text) {
    if (text == null) {
      return null;
    }
    int n = text.length();
    int i = 0;
    while (i < n && !unsafe(text, i)) {
      i++;
    }
    if (i == n) {
      return text;
    }
    StringBuilder out = new StringBuilder(n).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      out.append(unsafe(text, i) ? visible(c) : c);
    }
    return out.toString();
  }

  private static boolean unsafe(String s, int i) {
    char c = s.charAt(i);
    if (c >= 0x20 && c < 0x7F) {
      return false;
    }
    if (c < 0x20) {
      return c != '\n' && c != '\t' && !(c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n');
    }
    return c <= 0x9F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
  }

  private static char visible(char c) {
    if (c < 0x20) {
      return (char) (0x2400 + c);
    }
    return c == 0x7F ? '\u2421' : '\uFFFD';
  }
}
