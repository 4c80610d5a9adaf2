package io.github.trialbook.display;

import io.github.trialbook.eval.TableWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Renders a Tablesaw {@link Table} as a MIME bundle: the escaped HTML table and aligned text of
 * {@link TableWriter} (its size budget, "…" rows and number formats). Large tables show their
 * first and last rows with a "…" row between and a note such as "10,000 rows × 12 columns", as
 * pandas does; too many columns are cut the same way. Cells longer than a limit are shortened.
 *
 * <pre>{@code
 * Map<String, String> bundle = TableRenderer.defaults().render(result.table());
 * }</pre>
 */
public final class TableRenderer {
  private final TableWriter writer;

  /**
   * @param maxRows rows shown, at least 2: half from the head, half from the tail
   * @param maxColumns columns shown, at least 2
   * @param maxCellChars characters per cell before it is shortened, at least 4
   */
  public TableRenderer(int maxRows, int maxColumns, int maxCellChars) {
    this.writer = new TableWriter(maxRows, maxColumns, maxCellChars);
  }

  /** 20 rows (10 head, 10 tail), 20 columns, 200 characters per cell. */
  public static TableRenderer defaults() {
    return new TableRenderer(20, 20, 200);
  }

  static void registerInto(RendererRegistry registry, TableRenderer renderer) {
    registry.register(Table.class, renderer::render);
  }

  /** {@code text/plain} and {@code text/html} for {@code table}, both escaped. */
  public Map<String, String> render(Table table) {
    Map<String, String> bundle = new LinkedHashMap<>();
    bundle.put("text/plain", writer.text(table));
    bundle.put("text/html", writer.html(table));
    return bundle;
  }
}
