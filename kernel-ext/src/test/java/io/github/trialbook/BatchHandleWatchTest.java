package io.github.trialbook;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.ProgressView;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Watching a background batch: the live view until the end, or until the watcher is interrupted. */
class BatchHandleWatchTest {

  /** Records what a live view was asked to draw. */
  static final class RecordingView implements ProgressView {
    final List<ProgressSnapshot> updates = new CopyOnWriteArrayList<>();
    final List<ProgressSnapshot> finishes = new CopyOnWriteArrayList<>();

    @Override
    public void update(ProgressSnapshot snapshot) {
      updates.add(snapshot);
    }

    @Override
    public void finish(ProgressSnapshot snapshot) {
      finishes.add(snapshot);
    }
  }

  private static BatchSpec<Integer> gated(String name, CountDownLatch gate) {
    return Trialbook.batch(name, IntStream.range(0, 6).boxed().toList(), i -> "n" + i)
        .stage("wait", t -> {
          if (t.input() >= 3) {
            gate.await();
          }
          return t.input();
        })
        .parallelism(3).progressInterval(Duration.ofMillis(20)).consoleProgress(false)
        .noCheckpoint().build();
  }

  @Test
  void watchShowsTheBatchUntilItEndsAndReturnsItsResult() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    BatchHandle h = Trialbook.startBatch(gated("watch-all", gate));
    RecordingView view = new RecordingView();
    Thread opener = new Thread(() -> {
      try {
        Thread.sleep(150);
      } catch (InterruptedException e) {
        return;
      }
      gate.countDown();
    });
    opener.start();
    BatchResult r = h.watch(view);
    assertThat(r.ok()).isEqualTo(6);
    assertThat(view.updates).as("updates while it ran").isNotEmpty()
        .allSatisfy(s -> assertThat(s.state()).isEqualTo(ProgressSnapshot.State.RUNNING));
    assertThat(view.finishes).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(ProgressSnapshot.State.FINISHED);
      assertThat(s.doneTrials()).isEqualTo(6);
    });
  }

  @Test
  void anInterruptStopsTheWatchingNotTheBatch() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    BatchHandle h = Trialbook.startBatch(gated("watch-stop", gate));
    RecordingView view = new RecordingView();
    AtomicReference<BatchResult> watched = new AtomicReference<>();
    CountDownLatch returned = new CountDownLatch(1);
    Thread cell = new Thread(() -> {
      watched.set(h.watch(view));
      returned.countDown();
    });
    cell.start();
    for (int i = 0; i < 200 && view.updates.isEmpty(); i++) {
      Thread.sleep(10);
    }
    cell.interrupt(); // the notebook's stop button
    assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(watched.get()).as("nothing to return yet").isNull();
    assertThat(view.finishes).singleElement().satisfies(s -> {
      assertThat(s.state()).isEqualTo(ProgressSnapshot.State.RUNNING);
      assertThat(s.panels()).anySatisfy(p -> assertThat(p.toString())
          .contains("watching stopped; the batch goes on in the background"));
    });
    assertThat(h.isDone()).isFalse();
    assertThat(h.progress().state()).as("not cancelled").isEqualTo(ProgressSnapshot.State.RUNNING);

    RecordingView again = new RecordingView();
    gate.countDown();
    BatchResult r = h.watch(again); // watched again, to the end
    assertThat(r.ok()).isEqualTo(6);
    assertThat(r.isCancelled()).isFalse();
    assertThat(again.finishes).singleElement()
        .satisfies(s -> assertThat(s.state()).isEqualTo(ProgressSnapshot.State.FINISHED));
  }
}
