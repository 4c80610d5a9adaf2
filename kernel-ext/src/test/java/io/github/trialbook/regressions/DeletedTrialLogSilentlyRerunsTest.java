package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.Note;
import io.github.trialbook.display.ProgressPanel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 12: with {@code trials.jsonl} deleted and {@code manifest.json} kept,
 * {@code runBatch} reran everything in silence. It still reruns (the records are gone), but says
 * so in a note: in the result's notes, text and HTML, and under the final progress.
 */
class DeletedTrialLogSilentlyRerunsTest {
  @TempDir
  Path tmp;

  private final AtomicInteger runs = new AtomicInteger();

  private BatchSpec<String> spec(boolean console) {
    return Trialbook.batch("gone", List.of("a", "b", "c", "d"), s -> s)
        .stage("s", t -> runs.incrementAndGet())
        .runDir(tmp.resolve("run"))
        .consoleProgress(console)
        .build();
  }

  @Test
  void aDeletedLogReRunsEverythingAndSaysSo() throws Exception {
    assertThat(Trialbook.runBatch(spec(false)).notes()).isEmpty();
    Path log = tmp.resolve("run/trials.jsonl");
    Files.delete(log);

    BatchResult opened = Trialbook.open(tmp.resolve("run"));
    assertThat(opened.records()).isEmpty();
    assertThat(opened.notes()).singleElement().asString()
        .contains(log + " is missing although manifest.json records 4 finished trials: "
            + "no results to show");

    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream before = System.err;
    BatchResult again;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      again = Trialbook.runBatch(spec(true)); // the console view, as outside a notebook
    } finally {
      System.setErr(before);
    }
    assertThat(runs).hasValue(8);
    String note = log + " is missing although manifest.json records 4 finished trials: every "
        + "trial runs again. If the log was deleted by mistake, interrupt and restore it from a "
        + "backup; to start afresh on purpose, delete the whole run directory";
    assertThat(again.notes()).containsExactly(note);
    assertThat(again.toText()).contains("note: " + note);
    assertThat(again.toHtml()).contains("<p class=\"trialbook-note\">note: " + log + " is missing");
    String console = err.toString(StandardCharsets.UTF_8);
    assertThat(console).contains("note: " + note);
    assertThat(console.indexOf("note: ")).isGreaterThan(console.lastIndexOf("4/4"));

    // the log is back: the next run has nothing to say
    assertThat(Trialbook.runBatch(spec(false)).notes()).isEmpty();
    assertThat(runs).hasValue(8);
  }

  @Test
  void anEmptiedLogIsReportedToo() throws Exception {
    Trialbook.runBatch(spec(false));
    Files.write(tmp.resolve("run/trials.jsonl"), new byte[0]);
    assertThat(Trialbook.runBatch(spec(false)).notes()).singleElement().asString()
        .contains("trials.jsonl is empty although manifest.json records 4 finished trials");
  }

  @Test
  void theLiveViewShowsTheNoteUnderTheFinalProgress() {
    Trialbook.runBatch(spec(false));
    ProgressSnapshot last = Trialbook.open(tmp.resolve("run")).progress()
        .withPanel(new Note("runs/x/trials.jsonl is missing <b>"));
    var bundle = ProgressPanel.defaults().renderWithin(last, 16 * 1024);
    assertThat(bundle.get("text/plain")).contains("note: runs/x/trials.jsonl is missing <b>");
    assertThat(bundle.get("text/html")).contains("note: runs/x/trials.jsonl is missing &lt;b&gt;");
  }
}
