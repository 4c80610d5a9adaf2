package io.github.trialbook.eval;

import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Plain-text and HTML views of a metrics table: decimals with four places ({@code Locale.ROOT}),
 * missing values blank, every header and cell escaped in HTML.
 */
final class TableText {
  private static final int MAX_ROWS = 200;

  private TableText() {}

  static String cell(Column<?> column, int row) {
    if (column.isMissing(row)) {
      return "";
    }
    Object v = column.get(row);
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "";
      }
      boolean tiny = d != 0 && Math.abs(d) < 1e-4 && column.name().startsWith("p_value");
      return String.format(Locale.ROOT, tiny ? "%.2e" : "%.4f", d);
    }
    return String.valueOf(v);
  }

  static String text(String title, Table table, List<String> notes) {
    int cols = table.columnCount();
    int rows = Math.min(table.rowCount(), MAX_ROWS);
    int[] width = new int[cols];
    String[][] cells = new String[rows][cols];
    for (int c = 0; c < cols; c++) {
      Column<?> column = table.column(c);
      width[c] = column.name().length();
      for (int r = 0; r < rows; r++) {
        cells[r][c] = cell(column, r);
        width[c] = Math.max(width[c], cells[r][c].length());
      }
    }
    StringBuilder sb = new StringBuilder(title).append('\n');
    for (int c = 0; c < cols; c++) {
      pad(sb, table.column(c).name(), width[c], table.column(c) instanceof NumericColumn);
    }
    sb.setLength(sb.length() - 2);
    sb.append('\n');
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        pad(sb, cells[r][c], width[c], table.column(c) instanceof NumericColumn);
      }
      sb.setLength(sb.length() - 2);
      sb.append('\n');
    }
    if (table.rowCount() > rows) {
      sb.append("... ").append(table.rowCount() - rows).append(" more rows; use table()\n");
    }
    for (String note : notes) {
      sb.append("note: ").append(note).append('\n');
    }
    return PlainText.escape(sb.toString());
  }

  private static void pad(StringBuilder sb, String s, int width, boolean right) {
    String spaces = " ".repeat(width - s.length());
    sb.append(right ? spaces + s : s + spaces).append("  ");
  }

  static String html(String title, Table table, List<String> notes) {
    StringBuilder sb = new StringBuilder("<div class=\"trialbook-metrics\">");
    sb.append("<table><caption>").append(Html.escape(title)).append("</caption><thead><tr>");
    for (Column<?> column : table.columns()) {
      sb.append("<th>").append(Html.escape(column.name())).append("</th>");
    }
    sb.append("</tr></thead><tbody>");
    int rows = Math.min(table.rowCount(), MAX_ROWS);
    for (int r = 0; r < rows; r++) {
      sb.append("<tr>");
      for (Column<?> column : table.columns()) {
        boolean numeric = column instanceof NumericColumn;
        sb.append(numeric ? "<td style=\"text-align:right\">" : "<td>")
            .append(Html.escape(cell(column, r))).append("</td>");
      }
      sb.append("</tr>");
    }
    sb.append("</tbody></table>");
    if (table.rowCount() > rows) {
      sb.append("<p>").append(table.rowCount() - rows).append(" more rows; use table()</p>");
    }
    for (String note : notes) {
      sb.append("<p class=\"trialbook-note\">").append(Html.escape(note)).append("</p>");
    }
    return sb.append("</div>").toString();
  }
}
