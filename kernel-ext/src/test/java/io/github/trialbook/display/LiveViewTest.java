package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.event.ProgressSnapshot.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveViewTest {
  /** A notebook output that records what it was sent. */
  private final List<Long> sendTimesMillis = new ArrayList<>();

  final class RecordingTarget implements DisplayTarget {
    final List<String> calls = new ArrayList<>();
    final List<Map<String, String>> bundles = new ArrayList<>();

    @Override
    public String display(Map<String, String> bundle) {
      sendTimesMillis.add(TimeUnit.NANOSECONDS.toMillis(clock.get()));
      calls.add("display");
      bundles.add(bundle);
      return "id-1";
    }

    final List<String> lifecycle = new ArrayList<>();
    RuntimeException failUpdates;

    @Override
    public void update(String displayId, Map<String, String> bundle) {
      if (failUpdates != null) {
        throw failUpdates;
      }
      sendTimesMillis.add(TimeUnit.NANOSECONDS.toMillis(clock.get()));
      calls.add("update " + displayId);
      bundles.add(bundle);
    }

    @Override
    public String displayLive(Map<String, String> bundle) {
      lifecycle.add("live");
      return display(bundle);
    }

    @Override
    public void end(String displayId) {
      lifecycle.add("end " + displayId);
    }
  }

  private final RecordingTarget target = new RecordingTarget();
  private final AtomicLong clock = new AtomicLong();
  private final LiveView view = new LiveView(target, LiveView.Options.defaults(), clock::get);

  private void advanceMillis(long ms) {
    clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
  }

  @Test
  void displaysOnceThenUpdatesTheSameIdAtMostFourTimesASecond() {
    for (int i = 0; i < 40; i++) { // 2 s of snapshots every 50 ms
      view.update(Snapshots.small(State.RUNNING, i + 1, 100));
      advanceMillis(50);
    }

    assertThat(target.calls.get(0)).isEqualTo("display");
    assertThat(target.calls.subList(1, target.calls.size())).allMatch("update id-1"::equals);
    // t = 0, 50, 100, 150, then the fifth waits until the first left the 1.05 s window: 1050, ...
    assertThat(target.calls).hasSize(8);
    assertThat(sendTimesMillis).containsExactly(0L, 50L, 100L, 150L, 1050L, 1100L, 1150L, 1200L);
    assertThat(view.displayId()).isEqualTo("id-1");
  }

  @Test
  void finishAlwaysSendsTheFinalPictureOnce() {
    view.update(Snapshots.small(State.RUNNING, 1, 10));
    advanceMillis(1100);
    view.finish(Snapshots.small(State.FINISHED, 10, 10));
    view.finish(Snapshots.small(State.FINISHED, 10, 10));
    view.update(Snapshots.small(State.RUNNING, 3, 10));

    assertThat(target.calls).containsExactly("display", "update id-1");
    assertThat(target.bundles.get(1).get("text/plain")).startsWith("demo: finished, 10/10 trials (9 ok, 1 failed)");
  }

  /** A kernel that holds an interrupt until the view's last picture is out relies on these two calls. */
  @Test
  void theDisplayIsAnnouncedLiveAndItsEndIsToldOnceEvenWhenTheLastSendFails() {
    view.update(Snapshots.small(State.RUNNING, 1, 10));
    advanceMillis(300);
    view.update(Snapshots.small(State.RUNNING, 2, 10));
    assertThat(target.lifecycle).containsExactly("live");

    target.failUpdates = new IllegalStateException("socket closed");
    assertThatThrownBy(() -> view.finish(Snapshots.small(State.CANCELLED, 2, 10))).hasMessage("socket closed");
    view.finish(Snapshots.small(State.CANCELLED, 2, 10));

    assertThat(target.lifecycle).containsExactly("live", "end id-1");
  }

  @Test
  void finishWithoutEarlierUpdatesDisplays() {
    view.finish(Snapshots.small(State.CANCELLED, 4, 10));

    assertThat(target.calls).containsExactly("display");
    assertThat(target.bundles.get(0).get("text/plain")).contains("cancelled — resumable");
  }

  @Test
  void finishRightAfterAnUpdateWaitsOutTheIntervalAndKeepsTheInterrupt() {
    LiveView real = new LiveView(target, LiveView.Options.defaults().withMaxUpdatesPerSecond(1.5));
    real.update(Snapshots.small(State.RUNNING, 1, 10));
    long start = System.nanoTime();
    Thread.currentThread().interrupt();
    try {
      real.finish(Snapshots.small(State.CANCELLED, 2, 10));
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(600));
    assertThat(target.calls).containsExactly("display", "update id-1");
  }

  @Test
  void everyMessageFitsTheByteBudgetWhateverTheBatchSize() {
    view.update(Snapshots.huge(State.RUNNING));
    advanceMillis(1000);
    view.finish(Snapshots.huge(State.CANCELLED));

    assertThat(target.bundles).hasSize(2)
        .allSatisfy(b -> assertThat(ProgressPanel.jsonBytes(b)).isLessThanOrEqualTo(16 * 1024));
    assertThat(target.bundles.get(1).get("text/plain")).contains("cancelled — resumable");
  }

  @Test
  void optionsNameTheBadValue() {
    assertThatThrownBy(() -> LiveView.Options.defaults().withMaxUpdatesPerSecond(0))
        .isInstanceOf(DisplayConfigException.class).hasMessageContaining("maxUpdatesPerSecond=0.0");
    assertThatThrownBy(() -> LiveView.Options.defaults().withMaxBytes(10))
        .isInstanceOf(DisplayConfigException.class).hasMessageContaining("maxBytes=10");
  }
}
