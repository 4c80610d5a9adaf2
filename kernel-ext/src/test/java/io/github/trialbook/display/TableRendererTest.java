package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

class TableRendererTest {
  private static final String SCRIPT = "<script>alert(1)</script>";

  @Test
  void modelOutputWithScriptShowsAsEscapedText() {
    Table t = Table.create("outputs " + SCRIPT,
        StringColumn.create("output <i>", SCRIPT, "plain & simple"),
        IntColumn.create("n", 1, 2));

    Map<String, String> bundle = TableRenderer.defaults().render(t);

    String html = bundle.get("text/html");
    assertThat(html).doesNotContain("<script>").doesNotContain("<i>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .contains("<th>output &lt;i&gt;</th>")
        .contains("plain &amp; simple");
    assertThat(bundle.get("text/plain")).contains(SCRIPT).contains("2 rows × 2 columns");
  }

  @Test
  void largeTableShowsHeadAndTailWithANote() {
    int[] ids = new int[1000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = i;
    }
    Table t = Table.create("big", IntColumn.create("id", ids));

    Map<String, String> bundle = new TableRenderer(6, 20, 200).render(t);

    String html = bundle.get("text/html");
    assertThat(html).contains("<td>0</td>", "<td>2</td>", "<td>997</td>", "<td>999</td>", "<td>…</td>")
        .doesNotContain("<td>3</td>").doesNotContain("<td>996</td>")
        .contains("1,000 rows × 1 columns (truncated)");
    assertThat(html.split("<tr>", -1)).hasSize(1 + 1 + 7); // header + 3 head + gap + 3 tail
    assertThat(bundle.get("text/plain").lines()).hasSize(10); // name, header, 7 rows, note
  }

  @Test
  void wideTablesAndLongCellsAreCut() {
    Table t = Table.create("wide");
    for (int c = 0; c < 30; c++) {
      t.addColumns(StringColumn.create("c" + c, "x".repeat(c == 0 ? 500 : 1)));
    }

    String html = new TableRenderer(10, 4, 50).render(t).get("text/html");

    assertThat(html).contains("<th>c0</th>", "<th>c1</th>", "<th>…</th>", "<th>c28</th>", "<th>c29</th>")
        .doesNotContain("<th>c2</th>")
        .contains("x".repeat(49) + "…").doesNotContain("x".repeat(50))
        .contains("1 rows × 30 columns (truncated)");
  }

  @Test
  void textIsAlignedInColumns() {
    Table t = Table.create("t", StringColumn.create("name", "a", "longer"), IntColumn.create("n", 1, 22));

    String text = TableRenderer.defaults().render(t).get("text/plain");

    assertThat(text).isEqualTo("t\nname    n\na       1\nlonger  22\n2 rows × 2 columns");
  }

  @Test
  void rejectsLimitsThatCannotShowATable() {
    assertThatThrownBy(() -> new TableRenderer(1, 4, 50))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRows=1");
  }
}
