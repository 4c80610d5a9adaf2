package io.github.trialbook.display;

import java.util.Map;

/**
 * Where MIME bundles go: a notebook output that can be shown once and then replaced in place. A
 * bundle maps a MIME type ({@code text/plain}, {@code text/html}, {@code image/png} as base64) to
 * its content. Kernel adapters implement this; the display package never sees a kernel API.
 *
 * <pre>{@code
 * String id = target.display(Map.of("text/plain", "starting"));
 * target.update(id, Map.of("text/plain", "done"));
 * }</pre>
 */
public interface DisplayTarget {
  /** Sends {@code display_data} and returns its display id. */
  String display(Map<String, String> mimeBundle);

  /** Sends {@code update_display_data}: replaces the output shown under {@code displayId}. */
  void update(String displayId, Map<String, String> mimeBundle);

  /**
   * Like {@link #display}, for a live view: updates follow until {@link #end}. A kernel whose
   * interrupt would end the cell's request at once (JJava) lets such a view draw its last picture
   * first.
   */
  default String displayLive(Map<String, String> mimeBundle) {
    return display(mimeBundle);
  }

  /**
   * No more updates of {@code displayId} follow: its last picture is out. A kernel that keeps an
   * interrupted cell's request open until then (IJava, JJava) lets it end now; others ignore it.
   */
  default void end(String displayId) {}
}
