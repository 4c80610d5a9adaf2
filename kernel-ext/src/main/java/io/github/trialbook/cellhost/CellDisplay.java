package io.github.trialbook.cellhost;

import java.util.Map;
import java.util.function.Consumer;

/**
 * What a cell run by {@link CellHost} calls to show a value before the cell ends. The host
 * imports {@code display} statically into every session, so a notebook cell can write:
 *
 * <pre>{@code
 * display(Metrics.classification(table, "label", "prediction"));
 * display("step 1 done");
 * }</pre>
 *
 * <p>Each call writes one {@code display_data} output with the value's MIME bundle: a
 * {@code Renderable}'s own bundle, a Tablesaw table or an XChart chart as the kernels draw them,
 * anything else as escaped {@code text/plain}. Outside a cell host (no host installed) the value's
 * plain text is printed to {@code System.out}.
 */
public final class CellDisplay {
  private static volatile Consumer<Map<String, String>> sink;

  private CellDisplay() {}

  /** Shows {@code value} as a {@code display_data} output of the running cell. */
  public static void display(Object value) {
    Map<String, String> bundle = CellRendering.bundle(value);
    Consumer<Map<String, String>> target = sink;
    if (target == null) {
      System.out.println(bundle.get("text/plain"));
    } else {
      target.accept(bundle);
    }
  }

  /** Where {@link #display} sends bundles; set once by the host. */
  static void install(Consumer<Map<String, String>> target) {
    sink = target;
  }
}
