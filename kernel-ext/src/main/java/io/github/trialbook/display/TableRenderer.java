package io.github.trialbook.display;

import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Renders a Tablesaw {@link Table} as an escaped HTML table and aligned text. Large tables show
 * their first and last rows with a "…" row between and a note such as "10,000 rows × 12 columns",
 * as pandas does; too many columns are cut the same way. Cells longer than a limit are shortened.
 *
 * <pre>{@code
 * Map<String, String> bundle = TableRenderer.defaults().render(result.table());
 * }</pre>
 */
public final class TableRenderer {
  private static final String ELLIPSIS = "…";

  private final int maxRows;
  private final int maxColumns;
  private final int maxCellChars;

  /**
   * @param maxRows rows shown, at least 2: half from the head, half from the tail
   * @param maxColumns columns shown, at least 2
   * @param maxCellChars characters per cell before it is shortened, at least 4
   */
  public TableRenderer(int maxRows, int maxColumns, int maxCellChars) {
    if (maxRows < 2 || maxColumns < 2 || maxCellChars < 4) {
      throw new IllegalArgumentException("TableRenderer(maxRows=" + maxRows + ", maxColumns="
          + maxColumns + ", maxCellChars=" + maxCellChars
          + "): need maxRows >= 2, maxColumns >= 2, maxCellChars >= 4");
    }
    this.maxRows = maxRows;
    this.maxColumns = maxColumns;
    this.maxCellChars = maxCellChars;
  }

  /** 20 rows (10 head, 10 tail), 20 columns, 200 characters per cell. */
  public static TableRenderer defaults() {
    return new TableRenderer(20, 20, 200);
  }

  static void registerInto(RendererRegistry registry, TableRenderer renderer) {
    registry.register(Table.class, renderer::render);
  }

  /** {@code text/plain} and {@code text/html} for {@code table}. */
  public Map<String, String> render(Table table) {
    Layout layout = layout(table);
    Map<String, String> bundle = new LinkedHashMap<>();
    bundle.put("text/plain", PlainText.escape(text(table, layout)));
    bundle.put("text/html", html(table, layout));
    return bundle;
  }

  /** Which rows and columns are shown; -1 marks the "…" gap. */
  private record Layout(List<Integer> rows, List<Integer> columns, boolean truncated) {}

  private Layout layout(Table table) {
    List<Integer> rows = pick(table.rowCount(), maxRows);
    List<Integer> columns = pick(table.columnCount(), maxColumns);
    return new Layout(rows, columns, rows.contains(-1) || columns.contains(-1));
  }

  private static List<Integer> pick(int count, int max) {
    List<Integer> picked = new ArrayList<>();
    if (count <= max) {
      for (int i = 0; i < count; i++) {
        picked.add(i);
      }
      return picked;
    }
    int head = (max + 1) / 2;
    int tail = max / 2;
    for (int i = 0; i < head; i++) {
      picked.add(i);
    }
    picked.add(-1);
    for (int i = count - tail; i < count; i++) {
      picked.add(i);
    }
    return picked;
  }

  private String cell(Table table, int row, int column) {
    if (row < 0 || column < 0) {
      return ELLIPSIS;
    }
    String value = table.column(column).getString(row);
    return value.length() > maxCellChars ? value.substring(0, maxCellChars - 1) + ELLIPSIS : value;
  }

  private String header(Table table, int column) {
    return column < 0 ? ELLIPSIS : table.column(column).name();
  }

  private String html(Table table, Layout layout) {
    StringBuilder out = new StringBuilder(256);
    out.append("<div class=\"trialbook-table\">");
    if (table.name() != null && !table.name().isBlank()) {
      out.append("<div><b>").append(Html.escape(table.name())).append("</b></div>");
    }
    out.append("<table border=\"1\" class=\"dataframe\"><thead><tr>");
    for (int c : layout.columns()) {
      out.append("<th>").append(Html.escape(header(table, c))).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (int r : layout.rows()) {
      out.append("<tr>");
      for (int c : layout.columns()) {
        out.append("<td>").append(Html.escape(cell(table, r, c))).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table>");
    out.append("<p>").append(Html.escape(sizeNote(table, layout))).append("</p></div>");
    return out.toString();
  }

  private String text(Table table, Layout layout) {
    List<List<String>> lines = new ArrayList<>();
    List<String> head = new ArrayList<>();
    for (int c : layout.columns()) {
      head.add(header(table, c));
    }
    lines.add(head);
    for (int r : layout.rows()) {
      List<String> line = new ArrayList<>();
      for (int c : layout.columns()) {
        line.add(cell(table, r, c).replace('\n', ' '));
      }
      lines.add(line);
    }
    int[] widths = new int[head.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder(256);
    if (table.name() != null && !table.name().isBlank()) {
      out.append(table.name()).append('\n');
    }
    for (List<String> line : lines) {
      for (int i = 0; i < line.size(); i++) {
        String v = line.get(i);
        boolean last = i + 1 == line.size();
        out.append(v).append(last ? "" : " ".repeat(widths[i] - v.length()) + "  ");
      }
      out.append('\n');
    }
    out.append(sizeNote(table, layout));
    return out.toString();
  }

  private static String sizeNote(Table table, Layout layout) {
    String size = String.format(Locale.ROOT, "%,d rows × %,d columns", table.rowCount(),
        table.columnCount());
    return layout.truncated() ? size + " (truncated)" : size;
  }
}
