package io.github.trialbook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.FileLink;
import io.github.trialbook.display.ProgressView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code spec.report(file)}: the report is written as the batch ends and the last picture names it. */
class SpecReportTest {
  @TempDir
  Path tmp;

  @Test
  void theReportIsWrittenBeforeTheResultAndTheLastPictureNamesIt() throws Exception {
    Path file = tmp.resolve("out/report.html");
    BatchSpec<String> spec = Trialbook.batch("reported", List.of("a", "b", "c"), s -> s)
        .stage("s", t -> t.input().toUpperCase())
        .runDir(tmp.resolve("run")).report(file).consoleProgress(false).build();
    AtomicReference<ProgressSnapshot> last = new AtomicReference<>();
    BatchResult r = Trialbook.startBatch(spec).awaitShowing(lastPictureInto(last));

    assertThat(r.ok()).isEqualTo(3);
    assertThat(Files.readString(file)).startsWith("<!DOCTYPE html>").contains("Report: reported");
    assertThat(last.get().panels()).anySatisfy(p -> assertThat(p.toString())
        .contains("report: " + file.toAbsolutePath()));
    FileLink link = (FileLink) last.get().panels().stream().filter(p -> p instanceof FileLink)
        .findFirst().orElseThrow();
    assertThat(link.toHtml()).contains("<a href=\"" + file.toAbsolutePath().toUri() + "\"");
    // below the working directory the link is relative (Jupyter opens it next to the notebook);
    // hostile names stay inside the attribute
    FileLink local = new FileLink("report", Path.of("runs", "a \"b\"<c>.html"));
    assertThat(local.toHtml()).contains("href=\"runs/a%20%22b%22%3Cc%3E.html\"")
        .doesNotContain("<c>");
    assertThat(spec.toBuilder().build().reportFile()).contains(file);
  }

  @Test
  void aReportThatCannotBeWrittenIsANoteNotAFailure() throws Exception {
    Files.writeString(tmp.resolve("blocker"), "a file where a directory should be");
    BatchSpec<String> spec = Trialbook.batch("unreported", List.of("a"), s -> s)
        .stage("s", t -> t.input()).noCheckpoint()
        .report(tmp.resolve("blocker/report.html")).consoleProgress(false).build();
    AtomicReference<ProgressSnapshot> last = new AtomicReference<>();
    BatchResult r = Trialbook.startBatch(spec).awaitShowing(lastPictureInto(last));
    assertThat(r.ok()).isEqualTo(1);
    assertThat(last.get().panels()).anySatisfy(p -> assertThat(p.toString())
        .contains("the report was not written"));
    assertThatThrownBy(() -> Trialbook.batch("x", List.of("a"), s -> s).report(null))
        .isInstanceOf(BatchConfigException.class).hasMessageContaining("report file");
  }

  /** A view that keeps the final picture. */
  private static ProgressView lastPictureInto(AtomicReference<ProgressSnapshot> last) {
    return new ProgressView() {
      @Override
      public void update(ProgressSnapshot snapshot) {}

      @Override
      public void finish(ProgressSnapshot snapshot) {
        last.set(snapshot);
      }
    };
  }
}
