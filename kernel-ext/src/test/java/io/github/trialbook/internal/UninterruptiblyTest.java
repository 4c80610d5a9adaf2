package io.github.trialbook.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UninterruptiblyTest {
  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @Test
  void anInterruptDuringTheWaitRetriesItAndIsKeptForTheCaller() throws Exception {
    LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread taker = new Thread(() -> {
      String[] got = new String[1];
      Uninterruptibly.await(() -> {
        attempts.incrementAndGet();
        waiting.countDown();
        got[0] = queue.take();
      });
      interruptedAfter.set(Thread.currentThread().isInterrupted() && "line".equals(got[0]));
    });
    taker.start();
    waiting.await();
    taker.interrupt();
    while (attempts.get() < 2) {
      Thread.sleep(1);
    }
    queue.put("line");
    taker.join(10_000);
    assertThat(taker.isAlive()).isFalse();
    assertThat(attempts.get()).isEqualTo(2);
    assertThat(interruptedAfter).isTrue();
  }

  @Test
  void aPendingInterruptDoesNotShortenASleep() {
    Thread.currentThread().interrupt();
    long start = System.nanoTime();
    Uninterruptibly.sleepNanos(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void joinWaitsForTheThreadEvenWhenInterrupted() {
    CountDownLatch release = new CountDownLatch(1);
    Thread other = new Thread(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    other.start();
    Thread.currentThread().interrupt();
    new Thread(() -> {
      sleepQuietly(50);
      release.countDown();
    }).start();
    Uninterruptibly.join(other);
    assertThat(other.isAlive()).isFalse();
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void holdingInterruptHidesThePendingInterruptFromTheWorkAndRestoresIt() throws Exception {
    Thread.currentThread().interrupt();
    boolean seenInside = Uninterruptibly.holdingInterrupt(
        () -> Thread.currentThread().isInterrupted());
    assertThat(seenInside).isFalse();
    assertThat(Thread.interrupted()).isTrue();

    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Uninterruptibly.holdingInterrupt(() -> {
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Thread.interrupted()).isTrue();
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
