package io.github.trialbook.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.event.ProgressSnapshot;
import java.util.HashSet;
import java.util.Set;

/** Checks run after every engine test: each trial recorded at most once, counts agree. */
public final class Invariants {
  private Invariants() {}

  public static void assertConsistent(BatchResult r) {
    Set<String> keys = new HashSet<>();
    long ok = 0;
    long failed = 0;
    long timeout = 0;
    long cancelled = 0;
    long stopped = 0;
    for (TrialRecord rec : r.records()) {
      assertThat(keys.add(rec.key())).as("trial %s recorded once", rec.key()).isTrue();
      switch (rec.status()) {
        case OK -> ok++;
        case FAILED -> failed++;
        case TIMEOUT -> timeout++;
        case CANCELLED -> cancelled++;
        case STOPPED -> stopped++;
      }
      if (rec.status() == TrialStatus.OK) {
        assertThat(rec.error()).isNull();
      } else if (rec.status() != TrialStatus.CANCELLED) {
        assertThat(rec.error()).as("error of %s", rec.key()).isNotNull();
      }
    }
    ProgressSnapshot p = r.progress();
    assertThat(p.okTrials()).as("ok count").isEqualTo(ok);
    assertThat(p.failedTrials()).as("failed count").isEqualTo(failed);
    assertThat(p.timedOutTrials()).as("timeout count").isEqualTo(timeout);
    assertThat(p.cancelledTrials()).as("cancelled count").isEqualTo(cancelled);
    assertThat(p.stoppedTrials()).as("stopped count").isEqualTo(stopped);
    assertThat(p.doneTrials()).isEqualTo(ok + failed + timeout + stopped);
    if (!r.isCancelled()) {
      assertThat(p.doneTrials()).as("every trial finished").isEqualTo(p.totalTrials());
      assertThat(p.doneStages()).as("every stage accounted").isEqualTo(p.totalStages());
    }
  }

  /** No engine thread of batch {@code name} is alive (waits briefly for threads to exit). */
  public static void assertNoThreadsLeft(String name) throws InterruptedException {
    String prefix = "trialbook-" + name + "-";
    long deadline = System.nanoTime() + 2_000_000_000L;
    Set<String> alive;
    do {
      alive = new HashSet<>();
      for (Thread t : Thread.getAllStackTraces().keySet()) {
        if (t.getName().startsWith(prefix) && t.isAlive()) {
          alive.add(t.getName());
        }
      }
      if (alive.isEmpty()) {
        return;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    assertThat(alive).as("engine threads still alive").isEmpty();
  }
}
