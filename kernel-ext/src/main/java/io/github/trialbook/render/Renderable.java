package io.github.trialbook.render;

import io.github.trialbook.internal.PlainText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An object that shows itself in a notebook cell or a console: plain text always, HTML (with every
 * untrusted string escaped) and optionally PNG or SVG. Kernel adapters turn {@link #mimeBundle()}
 * into a display message; nothing here knows a kernel.
 *
 * <pre>{@code
 * Renderable r = Metrics.classification(table, "label", "prediction");
 * System.out.println(r.toText());
 * }</pre>
 */
public interface Renderable {
  /**
   * Plain text, as a console shows it; control characters of untrusted text escaped (see
   * {@code internal.PlainText}), as {@link #mimeBundle()} does for any implementation.
   */
  String toText();

  /** An HTML fragment; untrusted text inside it is escaped (see {@link Html}). */
  String toHtml();

  /** PNG bytes for charts, or null when this object is not a picture. */
  default byte[] toPng() {
    return null;
  }

  /** SVG markup for charts, or null. */
  default String toSvg() {
    return null;
  }

  /**
   * MIME type → content: {@code text/plain}, {@code text/html}, and {@code image/png} (base64)
   * / {@code image/svg+xml} where present.
   */
  default Map<String, String> mimeBundle() {
    Map<String, String> bundle = new LinkedHashMap<>();
    bundle.put("text/plain", PlainText.escape(toText()));
    bundle.put("text/html", toHtml());
    byte[] png = toPng();
    if (png != null) {
      bundle.put("image/png", java.util.Base64.getEncoder().encodeToString(png));
    }
    String svg = toSvg();
    if (svg != null) {
      bundle.put("image/svg+xml", svg);
    }
    return bundle;
  }
}
