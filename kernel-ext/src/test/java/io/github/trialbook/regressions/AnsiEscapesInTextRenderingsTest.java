package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.chart.MetricBarChart;
import io.github.trialbook.display.ConsoleView;
import io.github.trialbook.display.ProgressPanel;
import io.github.trialbook.display.RendererRegistry;
import io.github.trialbook.display.TableRenderer;
import io.github.trialbook.display.TextProgress;
import io.github.trialbook.eval.ClassificationReport;
import io.github.trialbook.eval.Metrics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/**
 * Issue 11, item 13: ANSI escape sequences and other control characters in model outputs reached
 * every text rendering raw (a notebook's text/plain and a terminal interpret them: recolour,
 * clear the screen, rewrite the line). Text renderings now show them as visible symbols; the
 * data (table cells, the checkpoint) keeps the exact value.
 */
class AnsiEscapesInTextRenderingsTest {
  static final String RED = "\u001b[31mspam\u001b[0m";
  static final String TITLE = "\u001b]0;pwned\u0007";
  static final String OVERWRITE = "all good\rFAILED";
  static final String CSI = "\u009b2J";
  static final String BIDI = "abc\u202edcba";

  @TempDir
  Path tmp;

  record Doc(String id, String label) {}

  @Test
  void noTextRenderingCarriesAControlCharacterWhileTheDataKeepsThem() throws Exception {
    List<Doc> docs = List.of(new Doc("d1", RED), new Doc("d2", "ham"), new Doc("d3", "ham"));
    Path dir = tmp.resolve("run");
    BatchSpec<Doc> spec = Trialbook.batch("ansi", docs, Doc::id)
        .configs(Config.of("A", Map.of("prompt", "say " + RED)))
        .stage("llm", t -> {
          if (t.input().id().equals("d3")) {
            throw new IllegalStateException("model said " + TITLE + OVERWRITE + CSI + BIDI);
          }
          return Map.of("prediction", t.input().label(), "raw", "line1\nline2\t" + RED);
        })
        .runDir(dir)
        .consoleProgress(false)
        .build();

    BatchResult r = Trialbook.runBatch(spec);
    Table t = r.table();

    // the data keeps the exact values, in memory and on disk
    assertThat(t.stringColumn("llm.prediction").get(0)).isEqualTo(RED);
    assertThat(t.stringColumn("error").get(2)).contains(TITLE + OVERWRITE + CSI + BIDI);
    assertThat(Trialbook.open(dir).table().stringColumn("llm.prediction").get(0)).isEqualTo(RED);

    List<String> texts = new ArrayList<>();
    texts.add(r.toText());
    texts.add(r.toString());
    texts.add(r.mimeBundle().get("text/plain"));
    texts.add(TextProgress.line(r.progress()));
    texts.add(TableRenderer.defaults().render(t).get("text/plain"));
    texts.add(RendererRegistry.shared().render(t).orElseThrow().get("text/plain"));
    texts.add(ProgressPanel.defaults().render(r.progress()).get("text/plain"));
    texts.add(ProgressPanel.defaults().renderWithin(r.progress(), 200).get("text/plain"));
    texts.add(RendererRegistry.shared().render(r.progress()).orElseThrow().get("text/plain"));
    texts.add(r.records().toString());
    texts.add(spec.configs().toString());
    ClassificationReport report = Metrics.classification(t, "llm.prediction", "llm.prediction")
        .dropMissing();
    texts.add(report.toText());
    texts.add(report.mimeBundle().get("text/plain"));
    texts.add(Metrics.confusion(t.dropWhere(t.stringColumn("status").isNotEqualTo("ok")),
        "llm.prediction", "llm.prediction").toText());
    texts.add(MetricBarChart.of(report, "f1").toText());
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    ConsoleView view = new ConsoleView(new PrintStream(console, true, StandardCharsets.UTF_8),
        true, 0);
    view.update(r.progress());
    view.finish(r.progress());
    texts.add(console.toString(StandardCharsets.UTF_8).replace("\r", "")); // its own redraws

    for (String text : texts) {
      assertThat(text).as(text).doesNotContain("\u001b").doesNotContain("\u0007")
          .doesNotContain("\u009b").doesNotContain("\u202e").doesNotContainPattern("\r(?!\n)");
    }
    assertThat(texts.get(0)).contains("model said ␛]0;pwned␇all good␍FAILED");
    assertThat(texts.get(4)).contains("␛[31mspam␛[0m");
  }
}
