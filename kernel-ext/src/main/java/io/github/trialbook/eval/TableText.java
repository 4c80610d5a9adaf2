package io.github.trialbook.eval;

import java.util.List;
import tech.tablesaw.api.Table;

/**
 * The metric tables' text and HTML: {@link TableWriter} with their budget (200 rows, 60 columns),
 * titled, with their notes.
 */
final class TableText {
  private static final TableWriter WRITER = new TableWriter(200, 60, 200);

  private TableText() {}

  static String text(String title, Table table, List<String> notes) {
    return WRITER.text(title, table, notes);
  }

  static String html(String title, Table table, List<String> notes) {
    return WRITER.html(title, table, notes);
  }
}
