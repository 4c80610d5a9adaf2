package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.display.ProgressPanel;
import io.github.trialbook.display.TableRenderer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import tech.tablesaw.api.Table;

/** Everything a user can see or find on disk, gathered to be searched for a leaked secret. */
final class Leaks {
  private Leaks() {}

  /** Every view of a result: text, HTML, toString, each table cell, failures, the progress panel. */
  static String views(BatchResult r) {
    StringBuilder all = new StringBuilder();
    all.append(r).append('\n').append(r.toText()).append('\n').append(r.toHtml()).append('\n')
        .append(r.failures()).append('\n').append(r.records()).append('\n');
    r.failures().forEach(f -> all.append(f.error().message()).append(f.error().stack()));
    all.append(cells(r.table()));
    TableRenderer.defaults().render(r.table()).values().forEach(all::append);
    ProgressPanel.defaults().render(r.progress()).values().forEach(all::append);
    r.progress().recentFailures().forEach(n -> all.append(n.summary()).append('\n'));
    return all.toString();
  }

  static String cells(Table t) {
    StringBuilder all = new StringBuilder();
    for (int row = 0; row < t.rowCount(); row++) {
      for (int c = 0; c < t.columnCount(); c++) {
        all.append(t.getString(row, c)).append('|');
      }
      all.append('\n');
    }
    return all.toString();
  }

  /** Asserts no file under {@code dir} holds any of {@code secrets} (bytes, UTF-8). */
  static void assertNoFileHolds(Path dir, List<String> secrets) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).isNotEmpty();
    for (Path f : files) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
      for (String secret : secrets) {
        assertThat(text).as(f + " holds a secret").doesNotContain(secret);
      }
    }
  }
}
