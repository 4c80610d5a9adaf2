package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * What every kernel is told about a registry type: the MIME types it prefers and supports, and
 * the bundle the registry renders for a value. The kernel libraries' registration calls differ
 * only in their package (basekernel, JJava) or their interface (Rapaio), so they stay in the
 * bridges; the choices live here once.
 */
final class KernelRenderings {
  /** The MIME types a notebook shows first, best first. */
  static final List<String> PREFERRED = List.of("text/html", "image/png");
  /** Every MIME type a registry bundle may hold. */
  static final List<String> SUPPORTED = List.of("text/plain", "text/html", "image/png",
      "image/svg+xml");

  private KernelRenderings() {}

  static String[] preferred() {
    return PREFERRED.toArray(new String[0]);
  }

  static String[] supported() {
    return SUPPORTED.toArray(new String[0]);
  }

  /** Puts each entry of {@code registry}'s bundle for {@code value}, if it has one, into {@code out}. */
  static void render(RendererRegistry registry, Object value, BiConsumer<String, String> out) {
    registry.render(value).ifPresent(bundle -> bundle.forEach(out));
  }
}
