package io.github.trialbook.testing;

import io.github.trialbook.batch.BatchClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to; {@link #sleep} records the wait and advances time. */
public final class ManualClock implements BatchClock {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final List<Duration> sleeps = new ArrayList<>();

  @Override
  public long nanoTime() {
    return nanos.get();
  }

  @Override
  public long epochMillis() {
    return 1_700_000_000_000L + nanos.get() / 1_000_000;
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    synchronized (sleeps) {
      sleeps.add(duration);
    }
    nanos.addAndGet(duration.toNanos());
  }

  public void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  public List<Duration> sleeps() {
    synchronized (sleeps) {
      return List.copyOf(sleeps);
    }
  }
}
