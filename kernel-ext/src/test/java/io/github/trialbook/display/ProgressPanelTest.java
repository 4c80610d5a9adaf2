package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.State;
import io.github.trialbook.render.Renderable;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressPanelTest {
  @Test
  void showsBarCountsConfigsRunningAndFailures() {
    Map<String, String> bundle = ProgressPanel.defaults().render(Snapshots.small(State.RUNNING, 40, 100));

    String text = bundle.get("text/plain");
    assertThat(text).startsWith("demo: running, 40/100 trials\n[############------------------] 40.0% of stages")
        .contains("done 40/100 · ok 39 · failed 1 · timed out 0 · retried 3 · running 1")
        .contains("12.5 trials/s · elapsed 1m15s · ETA 4s")
        .contains("  cfg-a: 40/100 done, 1 failed")
        .contains("  w0 cfg-a × in-7 · stage1 (attempt 2) · 2.5s")
        .contains("  cfg-a/in-3 [stage2] IllegalStateException: <script>alert(1)</script>");
    String html = bundle.get("text/html");
    assertThat(html).contains("width:40.0%").doesNotContain("<script>")
        .contains("IllegalStateException: &lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void aBatchTooShortToSampleShowsItsAverageRateNotNaN() {
    ProgressSnapshot b = Snapshots.small(State.FINISHED, 100, 100);
    ProgressSnapshot quick = new ProgressSnapshot(b.batch(), b.state(), b.totalTrials(),
        b.doneTrials(), b.okTrials(), b.failedTrials(), b.timedOutTrials(), b.cancelledTrials(),
        20, b.totalStages(), b.doneStages(), b.retries(), b.droppedEvents(), java.util.List.of(),
        0, b.configs(), b.recentFailures(), Double.NaN, java.time.Duration.ofMillis(400),
        b.takenAtMillis());
    assertThat(ProgressPanel.defaults().render(quick).get("text/plain"))
        .contains("200.0 trials/s · elapsed") // 80 run (20 were resumed) in 0.4 s
        .doesNotContain("NaN");
    ProgressSnapshot starting = new ProgressSnapshot(b.batch(), State.RUNNING, 100, 0, 0, 0, 0, 0,
        0, 200, 0, 0, 0, java.util.List.of(), 0, b.configs(), java.util.List.of(), Double.NaN,
        java.time.Duration.ZERO, b.takenAtMillis());
    assertThat(ProgressPanel.defaults().render(starting).get("text/plain"))
        .contains("— trials/s · elapsed").doesNotContain("NaN");
  }

  @Test
  void statusPanelsRenderUnderTheProgressEscapedAndCapped() {
    ProgressSnapshot b = Snapshots.small(State.RUNNING, 40, 100);
    Renderable pool = new Renderable() {
      @Override
      public String toText() {
        return "gpu0 up 3/4 in flight";
      }

      @Override
      public String toHtml() {
        return "<table><tr><td>gpu0</td><td>up</td></tr></table>";
      }
    };
    ProgressSnapshot s = new ProgressSnapshot(b.batch(), b.state(), b.totalTrials(),
        b.doneTrials(), b.okTrials(), b.failedTrials(), b.timedOutTrials(), b.cancelledTrials(),
        b.resumedTrials(), b.totalStages(), b.doneStages(), b.retries(), b.droppedEvents(),
        b.running(), b.runningTotal(), b.configs(), b.recentFailures(), b.trialsPerSecond(),
        b.elapsed(), b.takenAtMillis(), java.util.List.of(pool, "<b>all endpoints down</b>",
            "x".repeat(100_000)));
    Map<String, String> bundle = ProgressPanel.defaults().render(s);
    assertThat(bundle.get("text/plain")).contains("gpu0 up 3/4 in flight", "<b>all endpoints down</b>");
    assertThat(bundle.get("text/html")).contains("<td>gpu0</td>")
        .contains("&lt;b&gt;all endpoints down&lt;/b&gt;").doesNotContain("<b>all");
    assertThat(ProgressPanel.jsonBytes(ProgressPanel.defaults().renderWithin(s, 16 * 1024)))
        .isLessThanOrEqualTo(16 * 1024);
  }

  @Test
  void cancelledSaysResumableWithCounts() {
    String text = ProgressPanel.defaults().render(Snapshots.small(State.CANCELLED, 40, 100)).get("text/plain");

    assertThat(text).startsWith(
        "demo: cancelled — resumable, 40/100 trials done (39 ok, 1 failed), 60 left for resume");
    assertThat(text).contains("cancelled 2");
  }

  @Test
  void hugeBatchesStayWithinTheBudgetAndSummarizeTheRest() {
    ProgressSnapshot huge = Snapshots.huge(State.RUNNING);

    Map<String, String> rich = ProgressPanel.defaults().render(huge);
    assertThat(rich.get("text/plain")).contains("… and 4988 more configs: 249400/498800 done, 49880 failed")
        .contains("… and 4992 more running");
    assertThat(rich.get("text/html")).doesNotContain("<b>'");

    Map<String, String> fitted = ProgressPanel.defaults().renderWithin(huge, 16 * 1024);
    assertThat(ProgressPanel.jsonBytes(fitted)).isLessThanOrEqualTo(16 * 1024);
    assertThat(fitted).containsKeys("text/plain", "text/html");
    assertThat(fitted.get("text/plain")).contains("250000/500000");
  }

  @Test
  void absurdBudgetFallsBackToTheHeadline() {
    Map<String, String> tiny = ProgressPanel.defaults().renderWithin(Snapshots.huge(State.FINISHED), 200);

    assertThat(tiny).containsOnlyKeys("text/plain");
    assertThat(tiny.get("text/plain")).contains("finished, 250000/500000 trials");
  }

  @Test
  void jsonBytesCountsEscapesAndMultibyteCharacters() {
    assertThat(ProgressPanel.jsonBytes(Map.of("a", "\"é…\n"))).isEqualTo(2 + 3 + (2 + 2 + 2 + 3 + 2) + 2);
  }

  @Test
  void limitsNameTheBadValue() {
    assertThatThrownBy(() -> new ProgressPanel.Limits(1, -1, 1, 20))
        .isInstanceOf(DisplayConfigException.class).hasMessageContaining("running=-1");
  }
}
