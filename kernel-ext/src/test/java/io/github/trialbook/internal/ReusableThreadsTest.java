package io.github.trialbook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReusableThreadsTest {

  @Test
  void aSecondBatchRunsOnTheThreadsOfTheFirst() throws InterruptedException {
    Set<Thread> first = ConcurrentHashMap.newKeySet();
    Set<Thread> second = ConcurrentHashMap.newKeySet();
    Trialbook.runBatch(sleepy("reuse-a", first));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (first.stream().anyMatch(t -> t.getState() != Thread.State.TIMED_WAITING)
        && System.nanoTime() < deadline) {
      Thread.sleep(5); // until the threads wait in the idle pool (they have just left the batch)
    }
    Trialbook.runBatch(sleepy("reuse-b", second));
    assertThat(first).hasSize(4);
    assertThat(second).hasSize(4);
    assertThat(second).as("threads of the second batch, reused from the first")
        .containsAnyElementsOf(first);
    for (Thread t : first) {
      assertThat(t.getName()).as("a thread between runs").isEqualTo("trialbook-idle");
      assertThat(t.isDaemon()).isTrue();
    }
  }

  private static BatchSpec<Integer> sleepy(String name, Set<Thread> seen) {
    return Trialbook.batch(name, IntStream.range(0, 40).boxed().toList(), i -> "i" + i)
        .stage("s", t -> {
          seen.add(Thread.currentThread());
          assertThat(Thread.currentThread().getName()).startsWith("trialbook-" + name
              + "-worker-");
          Thread.sleep(2);
          return t.input();
        })
        .parallelism(4).consoleProgress(false).noCheckpoint().build();
  }

  @Test
  void anInterruptAfterTheRunEndsReachesNeitherTheThreadNorItsNextRun() throws Exception {
    AtomicReference<Thread> carrier = new AtomicReference<>();
    ReusableThreads.Run first = ReusableThreads.prepare(
        () -> carrier.set(Thread.currentThread()), "first");
    first.start();
    assertThat(first.join(5_000)).isTrue();
    first.interrupt(); // late: the run is over
    assertThat(first.isRunning()).isFalse();
    assertThat(carrier.get().isInterrupted()).isFalse();

    // an interrupt that arrives while a run is in progress stays with that run
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ReusableThreads.Run second = ReusableThreads.prepare(() -> {
      running.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        // interrupted, as intended; return with the flag cleared or not, the next run is clean
        Thread.currentThread().interrupt();
      }
    }, "second");
    second.start();
    running.await();
    second.interrupt();
    assertThat(second.join(5_000)).isTrue();
    AtomicBoolean interruptedAtStart = new AtomicBoolean(true);
    for (int i = 0; i < 20; i++) { // whichever idle thread takes it, none carries a stale flag
      ReusableThreads.Run next = ReusableThreads.prepare(
          () -> interruptedAtStart.set(Thread.currentThread().isInterrupted()), "next");
      next.start();
      assertThat(next.join(5_000)).isTrue();
      assertThat(interruptedAtStart).as("interrupt flag at the start of a run").isFalse();
    }
  }

  @Test
  void aRunSeesTheContextClassLoaderOfTheThreadThatPreparedIt() throws Exception {
    ClassLoader cellLoader = new URLClassLoader(new URL[0], getClass().getClassLoader());
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    AtomicReference<ClassLoader> seen = new AtomicReference<>();
    ReusableThreads.Run run;
    Thread.currentThread().setContextClassLoader(cellLoader); // e.g. JShell's, after %jars
    try {
      run = ReusableThreads.prepare(
          () -> seen.set(Thread.currentThread().getContextClassLoader()), "loader");
    } finally {
      Thread.currentThread().setContextClassLoader(before);
    }
    run.start();
    assertThat(run.join(5_000)).isTrue();
    assertThat(seen.get()).isSameAs(cellLoader);
  }

  @Test
  void joinWaitsForTheBodyAndTimesOutWhileItRuns() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    ReusableThreads.Run run = ReusableThreads.prepare(() -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "joined");
    assertThat(run.isRunning()).as("not started").isFalse();
    run.start();
    assertThat(run.isRunning()).isTrue();
    assertThat(run.join(50)).isFalse();
    release.countDown();
    assertThat(run.join(5_000)).isTrue();
    assertThat(run.isRunning()).isFalse();
    assertThatThrownBy(run::start).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("joined was started already");
    assertThat(List.of(run.name(), run.toString())).containsOnly("joined");
  }
}
