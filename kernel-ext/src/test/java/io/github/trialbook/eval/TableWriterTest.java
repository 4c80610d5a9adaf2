package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.BooleanColumn;
import tech.tablesaw.api.DateTimeColumn;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.FloatColumn;
import tech.tablesaw.api.InstantColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

class TableWriterTest {
  private static final TableWriter WRITER = TableWriter.defaults();

  /** The formatted cells of the only column of a one-column table, read back from the text. */
  private static List<String> cells(Column<?> column) {
    String text = WRITER.text(null, Table.create(column), List.of());
    List<String> lines = text.lines().toList();
    return lines.subList(1, lines.size() - 1).stream().map(String::strip).toList();
  }

  private static List<String> cells(double... values) {
    return cells(DoubleColumn.create("x", values));
  }

  @Test
  void floatsGetFourSignificantDigitsAndTheColumnsSharedTrailingZerosAreDropped() {
    assertThat(cells(36.118898)).containsExactly("36.12");
    assertThat(cells(0.8333333, 1.0)).containsExactly("0.8333", "1.0000");
    assertThat(cells(0.5, 1.25)).containsExactly("0.50", "1.25");
    assertThat(cells(1.0, 2.0)).containsExactly("1.0", "2.0");
    assertThat(cells(0.012345)).containsExactly("0.01235");
    assertThat(cells(1234567.891)).containsExactly("1234567.9");
    assertThat(cells(FloatColumn.create("f", new float[] {0.1f, 2.5f}))).containsExactly("0.1", "2.5");
  }

  @Test
  void aColumnWithATinyOrAHugeValueIsScientificLikePandas() {
    assertThat(cells(0.03, 1.2345e-10)).containsExactly("3.000e-02", "1.235e-10");
    assertThat(cells(1e12, 2.5)).containsExactly("1.000e+12", "2.500e+00");
    assertThat(cells(1e300)).containsExactly("1.000e+300");
    assertThat(cells(0.0, 1e-5)).containsExactly("0.000e+00", "1.000e-05");
  }

  @Test
  void specialFloatsKeepTheirMeaning() {
    assertThat(cells(-0.0, 0.25)).containsExactly("-0.00", "0.25");
    assertThat(cells(Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.5))
        .containsExactly("inf", "-inf", "1.5");
    // Tablesaw stores a missing double as NaN: it shows as missing, like every missing cell
    assertThat(cells(Double.NaN, 2.0)).containsExactly("", "2.0");
    assertThat(CellFormat.column(java.util.Arrays.asList(Double.NaN, null, 3.0)))
        .containsExactly("NaN", "", "3.0");
  }

  @Test
  void integersBooleansAndMissingValues() {
    IntColumn ints = IntColumn.create("n", 7, -12);
    ints.appendMissing();
    assertThat(cells(ints)).containsExactly("7", "-12", "");
    assertThat(cells(LongColumn.create("l", 9_000_000_000L, 1L))).containsExactly("9000000000", "1");
    BooleanColumn flags = BooleanColumn.create("ok", true, false);
    flags.appendMissing();
    assertThat(cells(flags)).containsExactly("true", "false", "");
    StringColumn words = StringColumn.create("s", "a");
    words.appendMissing();
    assertThat(cells(words)).containsExactly("a", "");
  }

  @Test
  void timestampsShowSecondsOrMillisNeverNanos() {
    Instant whole = Instant.parse("2026-12-01T10:04:11Z");
    Instant fine = Instant.parse("2026-12-01T10:04:11.123456789Z");
    assertThat(cells(InstantColumn.create("at", List.of(whole)))).containsExactly("2026-12-01 10:04:11Z");
    assertThat(cells(InstantColumn.create("at", List.of(fine, whole))))
        .containsExactly("2026-12-01 10:04:11.123Z", "2026-12-01 10:04:11.000Z");
    LocalDateTime local = LocalDateTime.parse("2026-12-01T10:04:11.999999");
    assertThat(cells(DateTimeColumn.create("t", List.of(local)))).containsExactly("2026-12-01 10:04:11.999");
  }

  @Test
  void theTableKeepsTheExactValues() {
    Table t = Table.create("t", DoubleColumn.create("x", 36.118898));
    WRITER.html(t);
    WRITER.text(t);
    assertThat(t.doubleColumn("x").get(0)).isEqualTo(36.118898);
  }

  @Test
  void htmlEscapesEveryHeaderCellTitleAndNote() {
    String script = "<script>alert('x')</script>";
    Table t = Table.create("t", StringColumn.create("out <i>", script, "a & b"));

    String html = WRITER.html("title " + script, t, List.of("note " + script));

    assertThat(html).doesNotContain("<script>").doesNotContain("<i>")
        .contains("<caption>title &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</caption>")
        .contains("<th>out &lt;i&gt;</th>", "<td>a &amp; b</td>")
        .contains("<p class=\"trialbook-note\">note &lt;script&gt;");
  }

  @Test
  void textShowsControlCharactersAsVisibleSymbolsAndKeepsEachCellOnItsLine() {
    String ansi = "\u001b[31mred\u001b[0m";
    Table t = Table.create("t", StringColumn.create("out\u001b[2J", ansi, "two\nlines", "bidi\u202e"));

    String text = WRITER.text("title \u001b]0;x\u0007", t, List.of("note \r" + ansi));

    assertThat(text).doesNotContain("\u001b").doesNotContain("\u0007").doesNotContain("\u202e")
        .contains("␛[31mred␛[0m", "out␛[2J", "two lines", "bidi\uFFFD", "title ␛]0;x␇")
        .contains("note: note ␍␛[31mred");
    assertThat(text.lines()).hasSize(1 + 1 + 3 + 1 + 1); // title, header, 3 rows, size, note
  }

  @Test
  void staysWithinItsRowColumnAndCellBudget() {
    double[] values = new double[1000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 0.5;
    }
    Table t = Table.create("big", DoubleColumn.create("x", values), StringColumn.create("s",
        java.util.Collections.nCopies(1000, "y".repeat(500))));
    for (int c = 0; c < 8; c++) {
      t.addColumns(IntColumn.create("c" + c, new int[1000]));
    }

    TableWriter small = new TableWriter(4, 4, 10);
    String text = small.text(t);
    String html = small.html(t);

    assertThat(text.lines()).hasSize(1 + 1 + 5 + 1);
    assertThat(text).contains("0.5", "1.5", "998.5", "999.5", "y".repeat(9) + "…")
        .doesNotContain("2.5").doesNotContain("y".repeat(10)).doesNotContain("c2")
        .endsWith("1,000 rows × 10 columns (truncated)");
    assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 5);
    assertThat(html).contains("<th>x</th>", "<th>s</th>", "<th>…</th>", "<th>c6</th>", "<th>c7</th>")
        .contains("<td>…</td>").contains("1,000 rows × 10 columns (truncated)");
  }

  @Test
  void rejectsABudgetThatCannotShowATable() {
    assertThatThrownBy(() -> new TableWriter(4, 1, 10))
        .isInstanceOf(EvalArgumentException.class).hasMessageContaining("maxColumns=1");
  }
}
