package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.OnFinish;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .onFinish(callback)}: once per batch however it ends, on its own non-daemon thread, in
 * the order added, with the result runBatch returns, never delaying or breaking runBatch; not part
 * of the run's fingerprint.
 */
class OnFinishTest {
  @TempDir
  Path tmp;

  private static final Duration WAIT = Duration.ofSeconds(10);

  private static BatchSpec.Builder<Integer> quick(String name, int n) {
    return Trialbook.batch(name, IntStream.range(0, n).boxed().toList(), i -> "n" + i)
        .stage("double", t -> t.input() * 2)
        .parallelism(2)
        .consoleProgress(false);
  }

  private static BatchSpec.Builder<Integer> slow(String name) {
    return Trialbook.batch(name, IntStream.range(0, 400).boxed().toList(), i -> "n" + i)
        .stage("sleep", t -> {
          Thread.sleep(20);
          return t.input();
        })
        .parallelism(2)
        .consoleProgress(false);
  }

  /** Records every call: the result, the thread it ran on. */
  static final class Recorder implements OnFinish<BatchResult> {
    final List<BatchResult> results = new CopyOnWriteArrayList<>();
    final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void accept(BatchResult result) {
      results.add(result);
      threads.add(Thread.currentThread());
    }
  }

  @Test
  void runsOnceWhenTheBatchFinishesWithTheResultRunBatchReturnsOnItsOwnThread() throws Exception {
    Recorder calls = new Recorder();
    BatchSpec<Integer> spec = quick("done", 20).runDir(tmp.resolve("done")).onFinish(calls)
        .build();

    BatchResult r = Trialbook.runBatch(spec);

    assertThat(r.awaitOnFinish(WAIT)).isTrue();
    Thread.sleep(100); // no second call comes later
    assertThat(calls.results).hasSize(1);
    assertThat(calls.results.get(0)).isSameAs(r);
    assertThat(r.ok()).isEqualTo(20);
    Thread t = calls.threads.get(0);
    assertThat(t).isNotSameAs(Thread.currentThread());
    assertThat(t.getName()).isEqualTo("trialbook-done-on-finish");
    assertThat(t.isDaemon()).as("the JVM waits for a report being written").isFalse();
    assertThat(r.notes()).isEmpty();
    Invariants.assertNoThreadsLeft("done");
  }

  @Test
  void aStartedBatchCallsBackWithoutAnyoneAwaitingAndAwaitGivesTheSameResult() throws Exception {
    Recorder calls = new Recorder();
    CountDownLatch called = new CountDownLatch(1);
    BatchHandle h = Trialbook.startBatch(quick("unwatched", 10).noCheckpoint().onFinish(calls)
        .onFinish(r -> called.countDown()).build());

    assertThat(called.await(10, TimeUnit.SECONDS)).as("nobody called await").isTrue();
    BatchResult r = h.await();
    assertThat(h.awaitOnFinish()).isSameAs(r);
    assertThat(h.isOnFinishDone()).isTrue(); // (the last callback has returned only now)
    assertThat(calls.results).containsExactly(r);
  }

  @Test
  void runsOnceWhenTheBatchIsCancelledAndTheResultSaysSo() throws Exception {
    Recorder calls = new Recorder();
    BatchHandle h = Trialbook.startBatch(slow("cancelled").runDir(tmp.resolve("c"))
        .onFinish(calls).build());
    while (h.progress().doneTrials() < 5) {
      Thread.sleep(5);
    }
    h.cancel();
    h.cancel();
    BatchResult r = h.awaitOnFinish();

    assertThat(calls.results).hasSize(1);
    BatchResult seen = calls.results.get(0);
    assertThat(seen).isSameAs(r).isSameAs(h.await());
    assertThat(seen.isCancelled()).isTrue();
    assertThat(seen.progress().state()).isEqualTo(ProgressSnapshot.State.CANCELLED);
    assertThat(seen.notStarted()).isPositive();
    Thread.sleep(100);
    assertThat(calls.results).hasSize(1);
  }

  @Test
  void aNotebookInterruptOfRunBatchCancelsAndCallsBackOnce() throws Exception {
    Recorder calls = new Recorder();
    AtomicReference<BatchResult> returned = new AtomicReference<>();
    BatchSpec<Integer> spec = slow("interrupted").noCheckpoint().onFinish(calls).build();
    Thread cell = new Thread(() -> returned.set(Trialbook.runBatch(spec)));
    cell.start();
    Thread.sleep(300);
    cell.interrupt();
    cell.join(10_000);

    BatchResult r = returned.get();
    assertThat(r).isNotNull();
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.awaitOnFinish(WAIT)).isTrue();
    assertThat(calls.results).containsExactly(r);
  }

  @Test
  void aThrowingCallbackLeavesTheResultIntactAddsANoteAndTheNextOneStillRuns() throws Exception {
    String secret = "sk-test-0123456789abcdef";
    List<String> ran = new CopyOnWriteArrayList<>();
    BatchSpec<Integer> spec = quick("throws", 12)
        .configs(Config.of("A", Map.of("api_key", secret)))
        .noCheckpoint()
        .onFinish(r -> {
          throw new IllegalStateException("report failed with key " + secret);
        })
        .onFinish(r -> {
          throw new java.io.IOException("disk full");
        })
        .onFinish(r -> ran.add("third"))
        .build();

    BatchResult r = Trialbook.runBatch(spec); // does not throw

    assertThat(r.awaitOnFinish()).isSameAs(r);
    assertThat(ran).containsExactly("third");
    assertThat(r.ok()).isEqualTo(12);
    assertThat(r.failed()).isZero();
    assertThat(r.isCancelled()).isFalse();
    assertThat(r.table().rowCount()).isEqualTo(12);
    assertThat(r.notes()).hasSize(2);
    assertThat(r.notes().get(0)).contains("onFinish callback 1 of 3 threw",
        "IllegalStateException", "report failed with key").doesNotContain(secret);
    assertThat(r.notes().get(1)).contains("onFinish callback 2 of 3 threw", "disk full");
    assertThat(r.toText()).contains("note: onFinish callback 1 of 3 threw");
    assertThat(r.toHtml()).contains("onFinish callback 2 of 3 threw");
  }

  @Test
  void callbacksRunInTheOrderTheyWereAddedOnOneThread() throws Exception {
    List<String> order = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    BatchSpec<Integer> spec = quick("order", 5).noCheckpoint()
        .onFinish(r -> {
          Thread.sleep(50); // the second waits for the first
          order.add("first");
          threads.add(Thread.currentThread());
        })
        .onFinish((BatchResult r) -> {
          order.add("second " + r.ok());
          threads.add(Thread.currentThread());
        })
        .build();

    Trialbook.runBatch(spec).awaitOnFinish();

    assertThat(order).containsExactly("first", "second 5");
    assertThat(threads.get(0)).isSameAs(threads.get(1));
  }

  @Test
  void aSlowCallbackDoesNotDelayRunBatch() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    BatchSpec<Integer> spec = quick("slowcb", 5).noCheckpoint()
        .onFinish(r -> {
          release.await(30, TimeUnit.SECONDS); // a report that takes a long time
          finished.incrementAndGet();
        })
        .build();

    long start = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    try {
      assertThat(took).as("runBatch waited for the callback").isLessThan(Duration.ofSeconds(10));
      assertThat(r.ok()).isEqualTo(5);
      assertThat(r.awaitOnFinish(Duration.ofMillis(100))).isFalse();
      assertThat(finished).hasValue(0);
    } finally {
      release.countDown();
    }
    assertThat(r.awaitOnFinish(WAIT)).isTrue();
    assertThat(finished).hasValue(1);
  }

  @Test
  void resumingWithADifferentCallbackIsTheSameRun() throws Exception {
    Path dir = tmp.resolve("resume");
    Recorder first = new Recorder();
    BatchHandle h = Trialbook.startBatch(slow("resume").runDir(dir).onFinish(first).build());
    while (h.progress().doneTrials() < 5) {
      Thread.sleep(5);
    }
    h.cancel();
    BatchResult cancelled = h.awaitOnFinish();
    assertThat(cancelled.isCancelled()).isTrue();

    Recorder second = new Recorder();
    BatchSpec<Integer> changed = slow("resume").runDir(dir).onFinish(second)
        .onFinish(r -> { }).build(); // other callbacks, more of them: no mismatch
    BatchResult resumed = Trialbook.runBatch(changed).awaitOnFinish();

    assertThat(resumed.isCancelled()).isFalse();
    assertThat(resumed.progress().resumedTrials()).isEqualTo(cancelled.ok());
    assertThat(resumed.ok()).isEqualTo(400);
    assertThat(second.results).containsExactly(resumed);
    assertThat(first.results).containsExactly(cancelled);
  }

  @Test
  void toBuilderCarriesTheCallbacksAndAddsAfterThem() {
    OnFinish<Object> a = r -> { };
    OnFinish<BatchResult> b = r -> { };
    BatchSpec<Integer> spec = quick("carry", 2).noCheckpoint().onFinish(a).build();
    BatchSpec<Integer> again = spec.toBuilder().onFinish(b).build();
    assertThat(spec.onFinish()).containsExactly(a);
    assertThat(again.onFinish()).containsExactly(a, b);
    assertThat(spec.toBuilder().build().onFinish()).containsExactly(a);
  }

  @Test
  void aBatchThatCannotStartAfterItsRunDirectoryOpenedStillCallsBack() throws Exception {
    Path dir = tmp.resolve("nostart");
    Trialbook.runBatch(quick("nostart", 6).runDir(dir).build());
    Recorder calls = new Recorder();
    BatchSpec<Integer> spec = quick("nostart", 6).runDir(dir).onFinish(calls).build();

    assertThatThrownBy(() -> Trialbook.rerun(spec, Select.where(row -> {
      throw new IllegalStateException("selection broke");
    }))).isInstanceOf(IllegalStateException.class).hasMessage("selection broke");

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (calls.results.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(calls.results).hasSize(1);
    BatchResult r = calls.results.get(0);
    assertThat(r.startError()).get().extracting(Throwable::getMessage).isEqualTo("selection broke");
    assertThat(r.isCancelled()).isFalse();
    assertThat(r.records()).hasSize(6); // the earlier run's records, nothing new ran
    assertThat(r.runDir()).contains(dir);
    assertThat(r.notes()).anySatisfy(n -> assertThat(n)
        .contains("could not start, nothing ran", "selection broke"));
    // the run directory was closed: the next run opens it
    assertThat(Trialbook.runBatch(quick("nostart", 6).runDir(dir).build()).ok()).isEqualTo(6);
    assertThat(Files.exists(dir)).isTrue();
  }
}
