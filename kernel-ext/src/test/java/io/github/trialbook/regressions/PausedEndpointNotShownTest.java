package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.display.ProgressPanel;
import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.EndpointStatus;
import io.github.trialbook.endpoint.PoolStatus;
import io.github.trialbook.endpoint.RateLimitedException;
import io.github.trialbook.testing.SimulatedEndpointTest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11, item 11: an endpoint paused by {@code Retry-After: 3600} showed only as "paused" in
 * the pool's status and the live view, not until when.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PausedEndpointNotShownTest extends SimulatedEndpointTest.PausedForAnHour {
  @Test
  void theStatusSaysTheEndpointIsPausedAndUntilWhen() {
    long before = clock.epochMillis();
    assertThatThrownBy(() -> pool.chat(ChatRequest.user("x")))
        .isInstanceOf(RateLimitedException.class);

    PoolStatus status = pool.status();
    EndpointStatus sim = status.endpoint("sim");
    assertThat(sim.state()).isEqualTo(EndpointStatus.State.PAUSED);
    assertThat(sim.pausedUntilMillis()).isBetween(before + 3_590_000, before + 3_600_000);
    String note = "paused by Retry-After until " + utc(sim.pausedUntilMillis()) + " UTC (59 min";
    assertThat(status.toText()).contains(note);
    assertThat(status.toHtml()).contains(note);
  }

  @Test
  void theLiveViewShowsThePauseInTextAndHtml() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("paused-view", List.of("a"), s -> s)
        .stage("llm", pool.stage(t -> ChatRequest.user(t.input())))
        .retry(Retry.none())
        .panel(pool::status)
        .clock(clock)
        .noCheckpoint()
        .consoleProgress(false)
        .build());

    assertThat(r.failed()).isEqualTo(1);
    Map<String, String> view = ProgressPanel.defaults().render(r.progress());
    PoolStatus shown = (PoolStatus) r.progress().panels().get(0);
    String until = utc(shown.endpoint("sim").pausedUntilMillis());
    assertThat(view.get("text/plain"))
        .contains("paused by Retry-After until " + until + " UTC (59 min");
    assertThat(view.get("text/html"))
        .contains("paused by Retry-After until " + until + " UTC (59 min");
  }

  private static String utc(long epochMillis) {
    return DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC)
        .format(Instant.ofEpochMilli(epochMillis));
  }
}
