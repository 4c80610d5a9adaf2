package io.github.trialbook.cellhost;

import io.github.trialbook.display.RendererRegistry;
import io.github.trialbook.internal.PlainText;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A value's MIME bundle: the kernels' shared renderer registry, else escaped plain text. */
final class CellRendering {
  private CellRendering() {}

  static Map<String, String> bundle(Object value) {
    Map<String, String> out = new LinkedHashMap<>();
    RendererRegistry.shared().render(value).ifPresent(out::putAll);
    if (out.get("text/plain") == null) {
      out.put("text/plain", PlainText.escape(text(value)));
    }
    return out;
  }

  private static String text(Object value) {
    if (value instanceof Object[] array) {
      return Arrays.deepToString(array);
    }
    if (value != null && value.getClass().isArray()) {
      return Arrays.deepToString(new Object[] {value}).replaceAll("^\\[|]$", "");
    }
    return String.valueOf(value);
  }
}
