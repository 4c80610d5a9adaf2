package io.github.trialbook.eval;

import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * Writes a Tablesaw {@link Table} as aligned text and as an HTML table, within a size budget and
 * escaped: every header, cell, title and note comes from the run and is untrusted, so HTML gets
 * {@link Html#escape} and text gets {@link PlainText#escape} (ANSI and other control characters
 * shown as visible symbols; a line break inside a cell shows as a space). Results tables, metric
 * tables and a {@code BatchResult}'s preview all go through here.
 *
 * <p><b>Size.</b> A table with more rows than {@code maxRows} shows its first and last rows with a
 * "…" row between (as pandas does); too many columns are cut the same way; a cell longer than
 * {@code maxCellChars} ends in "…". A note such as {@code 1,000 rows × 12 columns (truncated)}
 * follows the table.
 *
 * <p><b>Numbers</b>, as pandas displays them, one format per column chosen from the shown cells,
 * while the {@code Table} keeps the exact values:
 * <ul>
 *   <li>floats (double and float columns) in fixed notation with enough decimals for 4 significant
 *       digits of the column's smallest value, between 1 and 6 decimals, then the trailing zeros
 *       every cell of the column shares dropped: {@code 36.118898} → {@code 36.12},
 *       {@code 0.833333} → {@code 0.8333}, a column of 0.5 and 1.25 → {@code 0.50} and
 *       {@code 1.25}, {@code 1.0} → {@code 1.0}; {@code -0.0} keeps its sign;</li>
 *   <li>the whole column in scientific notation with 4 significant digits ({@code 1.235e-05}) when
 *       one of its non-zero values is below 1e-4 in magnitude, or when one is at least 1e6 and
 *       the longest fixed cell would exceed 12 characters (pandas' rule);</li>
 *   <li>infinities as {@code inf} and {@code -inf}, a NaN value as {@code NaN}; Tablesaw stores a
 *       missing double as NaN, so in a double column a NaN shows as missing;</li>
 *   <li>integers (int, short, long) as integers, without grouping; booleans as {@code true} and
 *       {@code false};</li>
 *   <li>instants in UTC as {@code 2026-12-01 10:04:11Z}, local date-times and times alike without
 *       the zone, to the second, or to the millisecond (truncated) when a shown cell of the column
 *       has a fraction of a second: {@code 2026-12-01 10:04:11.123Z}; never nanoseconds;</li>
 *   <li>a missing value (any type) as an empty cell.</li>
 * </ul>
 * Text is left-aligned in columns; in HTML, the notebook's table style aligns.
 *
 * <pre>{@code
 * TableWriter writer = TableWriter.defaults();
 * String text = writer.text(result.table());
 * String html = writer.html("by config", result.table(), List.of("2 items left out"));
 * }</pre>
 */
public final class TableWriter {
  private static final String ELLIPSIS = "…";

  private final int maxRows;
  private final int maxColumns;
  private final int maxCellChars;

  /**
   * @param maxRows rows shown, at least 2: half from the head, half from the tail
   * @param maxColumns columns shown, at least 2
   * @param maxCellChars characters per cell before it is shortened, at least 4
   */
  public TableWriter(int maxRows, int maxColumns, int maxCellChars) {
    if (maxRows < 2 || maxColumns < 2 || maxCellChars < 4) {
      throw new EvalArgumentException("table limits (maxRows=" + maxRows + ", maxColumns="
          + maxColumns + ", maxCellChars=" + maxCellChars
          + "): need maxRows >= 2, maxColumns >= 2, maxCellChars >= 4");
    }
    this.maxRows = maxRows;
    this.maxColumns = maxColumns;
    this.maxCellChars = maxCellChars;
  }

  /** 20 rows (10 head, 10 tail), 20 columns, 200 characters per cell. */
  public static TableWriter defaults() {
    return new TableWriter(20, 20, 200);
  }

  /** {@code table} as text, titled with its name. */
  public String text(Table table) {
    return text(table.name(), table, List.of());
  }

  /** {@code table} as HTML, titled with its name. */
  public String html(Table table) {
    return html(table.name(), table, List.of());
  }

  /**
   * {@code table} as text: the title (if not blank), the header, the rows, the size note, then
   * one {@code note: } line per note.
   */
  public String text(String title, Table table, List<String> notes) {
    Grid grid = grid(table);
    int[] widths = new int[grid.headers().size()];
    for (List<String> line : grid.lines()) {
      for (int i = 0; i < line.size(); i++) {
        widths[i] = Math.max(widths[i], line.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder(256);
    if (title != null && !title.isBlank()) {
      out.append(oneLine(title)).append('\n');
    }
    for (List<String> line : grid.lines()) {
      for (int i = 0; i < line.size(); i++) {
        String v = line.get(i);
        boolean last = i + 1 == line.size();
        out.append(v).append(last ? "" : " ".repeat(widths[i] - v.length() + 2));
      }
      out.append('\n');
    }
    out.append(sizeNote(table, grid));
    for (String note : notes) {
      out.append("\nnote: ").append(note);
    }
    return PlainText.escape(out.toString());
  }

  /** {@code table} as HTML: a captioned table, the size note, then one paragraph per note. */
  public String html(String title, Table table, List<String> notes) {
    Grid grid = grid(table);
    StringBuilder out = new StringBuilder(256);
    out.append("<div class=\"trialbook-table\"><table border=\"1\" class=\"dataframe\">");
    if (title != null && !title.isBlank()) {
      out.append("<caption>").append(Html.escape(title)).append("</caption>");
    }
    out.append("<thead><tr>");
    for (String header : grid.headers()) {
      out.append("<th>").append(Html.escape(header)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (List<String> row : grid.rows()) {
      out.append("<tr>");
      for (String cell : row) {
        out.append("<td>").append(Html.escape(cell)).append("</td>");
      }
      out.append("</tr>");
    }
    out.append("</tbody></table><p>").append(Html.escape(sizeNote(table, grid))).append("</p>");
    for (String note : notes) {
      out.append("<p class=\"trialbook-note\">").append(Html.escape(note)).append("</p>");
    }
    return out.append("</div>").toString();
  }

  /**
   * {@code table} as a GitHub-flavoured Markdown table: the title as a bold line (if not blank),
   * the header, the rows, the size note. Cells are HTML-escaped (Markdown renders inline HTML) and
   * their {@code |} escaped, so a cell never breaks out of its column.
   */
  public String markdown(String title, Table table) {
    Grid grid = grid(table);
    StringBuilder out = new StringBuilder(256);
    if (title != null && !title.isBlank()) {
      out.append("**").append(markdownCell(title)).append("**\n\n");
    }
    markdownRow(out, grid.headers());
    out.append('|');
    for (int i = 0; i < grid.headers().size(); i++) {
      out.append(" --- |");
    }
    out.append('\n');
    for (List<String> row : grid.rows()) {
      markdownRow(out, row);
    }
    return out.append('\n').append(markdownCell(sizeNote(table, grid))).append('\n').toString();
  }

  private static void markdownRow(StringBuilder out, List<String> cells) {
    out.append('|');
    for (String cell : cells) {
      out.append(' ').append(markdownCell(cell)).append(" |");
    }
    out.append('\n');
  }

  private static String markdownCell(String s) {
    return PlainText.escape(Html.escape(oneLine(s))).replace("|", "\\|");
  }

  /** The shown headers and formatted cells; a "…" cell marks each gap. */
  private record Grid(List<String> headers, List<List<String>> rows, boolean truncated) {
    List<List<String>> lines() {
      List<List<String>> lines = new ArrayList<>(rows.size() + 1);
      lines.add(headers);
      lines.addAll(rows);
      return lines;
    }
  }

  private Grid grid(Table table) {
    List<Integer> rows = pick(table.rowCount(), maxRows);
    List<Integer> columns = pick(table.columnCount(), maxColumns);
    List<String> headers = new ArrayList<>(columns.size());
    List<List<String>> cellsByColumn = new ArrayList<>(columns.size());
    for (int c : columns) {
      headers.add(c < 0 ? ELLIPSIS : shorten(table.column(c).name()));
      cellsByColumn.add(c < 0 ? null : cells(table.column(c), rows));
    }
    List<List<String>> grid = new ArrayList<>(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      List<String> line = new ArrayList<>(columns.size());
      for (List<String> cells : cellsByColumn) {
        line.add(cells == null || rows.get(r) < 0 ? ELLIPSIS : cells.get(r));
      }
      grid.add(line);
    }
    return new Grid(headers, grid, rows.contains(-1) || columns.contains(-1));
  }

  private List<String> cells(Column<?> column, List<Integer> rows) {
    List<Object> values = new ArrayList<>(rows.size());
    for (int r : rows) {
      values.add(r < 0 || column.isMissing(r) ? null : column.get(r));
    }
    List<String> cells = CellFormat.column(values);
    cells.replaceAll(this::shorten);
    return cells;
  }

  private String shorten(String value) {
    String flat = oneLine(value);
    return flat.length() > maxCellChars ? flat.substring(0, maxCellChars - 1) + ELLIPSIS : flat;
  }

  /** A cell stays on its line in text; HTML shows the same flattened cell. */
  private static String oneLine(String s) {
    return s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }

  /** Which rows or columns are shown; -1 marks the "…" gap. */
  private static List<Integer> pick(int count, int max) {
    List<Integer> picked = new ArrayList<>();
    if (count <= max) {
      for (int i = 0; i < count; i++) {
        picked.add(i);
      }
      return picked;
    }
    int head = (max + 1) / 2;
    for (int i = 0; i < head; i++) {
      picked.add(i);
    }
    picked.add(-1);
    for (int i = count - max / 2; i < count; i++) {
      picked.add(i);
    }
    return picked;
  }

  private static String sizeNote(Table table, Grid grid) {
    String size = String.format(Locale.ROOT, "%,d rows × %,d columns", table.rowCount(),
        table.columnCount());
    return grid.truncated() ? size + " (truncated)" : size;
  }
}
