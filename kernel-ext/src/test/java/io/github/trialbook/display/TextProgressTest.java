package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.event.ProgressSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextProgressTest {
  static ProgressSnapshot snap(ProgressSnapshot.State state, long done) {
    return new ProgressSnapshot("triage", state, 100, done, done - 2, 2, 0, 0, 0, 300, done * 3,
        1, 0, List.of(), 8, List.of(), List.of(), 40.0, Duration.ofSeconds(75), 0);
  }

  @Test
  void lineShowsBarCountsRateEtaAndElapsed() {
    String line = TextProgress.line(snap(ProgressSnapshot.State.RUNNING, 50));
    assertThat(line).startsWith("triage [##########----------]  50.0% stages 150/300")
        .contains("trials 50/100 ok 48 failed 2", "retries 1", "running 8", "40.0/s",
            "ETA 0:02", "| 1:15");
  }

  @Test
  void cancelledSaysResumable() {
    assertThat(TextProgress.line(snap(ProgressSnapshot.State.CANCELLED, 10)))
        .endsWith("cancelled — resumable").doesNotContain("running");
  }

  @Test
  void terminalRedrawsInPlaceAndLogsPrintALineAtMostEveryInterval() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    ConsoleView term = new ConsoleView(new PrintStream(buf, true, StandardCharsets.UTF_8), true, 0);
    term.update(snap(ProgressSnapshot.State.RUNNING, 10));
    term.update(snap(ProgressSnapshot.State.RUNNING, 20));
    term.finish(snap(ProgressSnapshot.State.FINISHED, 100));
    String out = buf.toString(StandardCharsets.UTF_8);
    assertThat(out.chars().filter(c -> c == '\r').count()).isEqualTo(3);
    assertThat(out.chars().filter(c -> c == '\n').count()).isEqualTo(1);

    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ConsoleView file = new ConsoleView(new PrintStream(log, true, StandardCharsets.UTF_8), false, 60_000);
    for (int i = 0; i < 50; i++) {
      file.update(snap(ProgressSnapshot.State.RUNNING, i + 2));
    }
    file.finish(snap(ProgressSnapshot.State.FINISHED, 100));
    assertThat(log.toString(StandardCharsets.UTF_8).lines().toList()).hasSize(2)
        .last().asString().endsWith("finished");
  }
}
