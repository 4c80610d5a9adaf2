package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The gate on its own, with real threads: when it waits, for how long, and when it does not. */
class InterruptGateTest {
  private final ExecutorService cells = Executors.newCachedThreadPool();

  /** A kernel's map of running cells and the interrupt that cancels them. */
  static final class Cells {
    Map<String, Future<?>> running = new ConcurrentHashMap<>();

    void interrupt() {
      running.forEach((id, f) -> f.cancel(true));
    }
  }

  @AfterEach
  void stop() {
    cells.shutdownNow();
  }

  private static double secondsToRun(Runnable r) {
    long t0 = System.nanoTime();
    r.run();
    return (System.nanoTime() - t0) / 1e9;
  }

  @Test
  void withoutAnOpenLiveViewTheInterruptCancelsAtOnce() throws Exception {
    InterruptGate gate = new InterruptGate();
    Cells kernel = new Cells();
    assertThat(gate.installInto(kernel, "running")).isTrue();
    Future<?> cell = cells.submit(() -> {
      Thread.sleep(60_000);
      return null;
    });
    kernel.running.put("c1", cell);

    assertThat(secondsToRun(kernel::interrupt)).isLessThan(1.0);
    assertThat(cell.isCancelled()).isTrue();
  }

  @Test
  void theInterruptReachesTheViewsThreadAndWaitsForItsLastPicture() throws Exception {
    InterruptGate gate = new InterruptGate();
    Cells kernel = new Cells();
    gate.installInto(kernel, "running");
    CountDownLatch open = new CountDownLatch(1);
    Future<?> cell = cells.submit(() -> {
      gate.opened("view-1");
      open.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.sleep(300); // the batch stops its workers, then draws
        gate.end("view-1");
      }
      Thread.sleep(60_000); // the rest of the cell: the cancel ends it
      return null;
    });
    kernel.running.put("c1", cell);
    open.await();

    double seconds = secondsToRun(kernel::interrupt);

    assertThat(seconds).isBetween(0.25, 5.0);
    assertThat(gate.openViews()).isEmpty();
    assertThat(cell.isCancelled()).isTrue();
  }

  @Test
  void aViewThatNeverFinishesIsGivenUpAfterTheLongestWait() throws Exception {
    InterruptGate gate = new InterruptGate(Duration.ofMillis(400));
    Cells kernel = new Cells();
    gate.installInto(kernel, "running");
    CountDownLatch open = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Future<?> cell = cells.submit(() -> {
      gate.opened("stuck");
      open.countDown();
      while (release.getCount() > 0) {
        try {
          release.await(10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          // swallowed, as a stage that ignores interrupts would
        }
      }
      return null;
    });
    kernel.running.put("c1", cell);
    open.await();

    double seconds = secondsToRun(kernel::interrupt);
    release.countDown();

    assertThat(seconds).isBetween(0.35, 3.0);
    assertThat(cell.isCancelled()).isTrue();
  }

  @Test
  void aCellThatEndsWithoutFinishingItsViewEndsTheWait() throws Exception {
    InterruptGate gate = new InterruptGate();
    Cells kernel = new Cells();
    gate.installInto(kernel, "running");
    CountDownLatch open = new CountDownLatch(1);
    Future<?> cell = cells.submit(() -> {
      gate.opened("dropped");
      open.countDown();
      Thread.sleep(60_000); // the interrupt ends the cell; the view is never finished
      return null;
    });
    kernel.running.put("c1", cell);
    open.await();

    assertThat(secondsToRun(kernel::interrupt)).isLessThan(2.0);
    assertThat(cell.isDone()).isTrue();
  }

  @Test
  void anOpenViewOfAnEarlierCellIsNoReasonToWaitWhenNoCellRuns() {
    InterruptGate gate = new InterruptGate();
    Cells kernel = new Cells();
    gate.installInto(kernel, "running");
    gate.opened("left-over");
    kernel.running.put("done", CompletableFuture.completedFuture(null));

    assertThat(secondsToRun(kernel::interrupt)).isLessThan(0.5);
  }

  @Test
  void installingCopiesTheRunningCellsOnceAndFailsSoftlyOnOtherInternals() {
    InterruptGate gate = new InterruptGate();
    Cells kernel = new Cells();
    Future<?> running = new CompletableFuture<>();
    kernel.running.put("now", running);

    assertThat(gate.installInto(kernel, "running")).isTrue();
    Map<String, Future<?>> gated = kernel.running;
    assertThat(gate.installInto(kernel, "running")).isTrue();

    assertThat(kernel.running).isSameAs(gated).isInstanceOf(InterruptGate.GatedCells.class)
        .containsExactlyEntriesOf(Map.of("now", running));
    assertThat(gate.installInto(kernel, "evaluator", "running")).isFalse();
    assertThat(gate.installInto(List.of(), "running")).isFalse();
  }
}
