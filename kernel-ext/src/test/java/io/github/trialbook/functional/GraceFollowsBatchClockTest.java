package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.testing.Invariants;
import io.github.trialbook.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cancel's grace and the abandon-after timeout run on the spec's {@code BatchClock}, like the
 * stage timeouts: with a manual clock an hour of grace passes when the test says so, not after an
 * hour of real time.
 */
class GraceFollowsBatchClockTest {
  private final ManualClock clock = new ManualClock();
  private final AtomicBoolean release = new AtomicBoolean();
  private final CountDownLatch started = new CountDownLatch(1);

  @AfterEach
  void releaseTheStubbornStage() {
    release.set(true);
  }

  private BatchSpec.Builder<Integer> stubborn(String name) {
    return Trialbook.batch(name, List.of(1), i -> "n" + i)
        .stage("s", t -> {
          started.countDown();
          while (!release.get()) {
            Thread.onSpinWait(); // ignores interrupts
          }
          return 1;
        })
        .parallelism(1)
        .clock(clock)
        .consoleProgress(false).noCheckpoint();
  }

  @Test
  void aTimedOutStageIsAbandonedWhenTheClockPassesAbandonAfter() throws Exception {
    BatchHandle h = Trialbook.startBatch(stubborn("clockabandon")
        .timeout(Duration.ofMinutes(1))
        .abandonAfter(Duration.ofHours(1))
        .build());
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // the attempt times out, ignores it
    assertThat(h.await(Duration.ofMillis(400))).as("abandoned before the clock passed the hour")
        .isNull();
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    BatchResult r = h.await(Duration.ofSeconds(10));
    assertThat(r).as("abandoned once the clock passed abandonAfter").isNotNull();
    assertThat(r.records().get(0).status()).isEqualTo(TrialStatus.TIMEOUT);
    assertThat(r.records().get(0).error().message()).contains("ignored");
    assertThat(r.abandonedThreads()).hasSize(1);
    Invariants.assertConsistent(r);
  }

  @Test
  void cancelReturnsWhenTheClockPassesTheGrace() throws Exception {
    BatchHandle h = Trialbook.startBatch(stubborn("clockgrace")
        .timeout(Duration.ofHours(2))
        .cancelGrace(Duration.ofHours(1))
        .build());
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    h.cancel();
    assertThat(h.await(Duration.ofMillis(400))).as("gave up before the clock passed the grace")
        .isNull();
    clock.advance(Duration.ofHours(1).plusSeconds(1));
    BatchResult r = h.await(Duration.ofSeconds(10));
    assertThat(r).as("gave up once the clock passed cancelGrace").isNotNull();
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.records().get(0).status()).isEqualTo(TrialStatus.CANCELLED);
    assertThat(r.abandonedThreads()).hasSize(1);
    Invariants.assertConsistent(r);
  }
}
