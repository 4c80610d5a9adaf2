package io.github.trialbook.render;

/**
 * Escapes untrusted text for HTML element content and attribute values. Model outputs, labels,
 * ids and error messages all pass through here before they reach a notebook.
 *
 * <pre>{@code
 * String cell = "<td>" + Html.escape(modelOutput) + "</td>";
 * }</pre>
 */
public final class Html {
  private Html() {}

  /** Escapes {@code & < > " '}; null becomes the empty string. */
  public static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#39;";
        default -> null;
      };
      if (rep != null) {
        if (out == null) {
          out = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        out.append(rep);
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
