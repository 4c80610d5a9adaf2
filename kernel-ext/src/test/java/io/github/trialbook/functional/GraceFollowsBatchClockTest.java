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

  /** Starts the batch and returns once its one stage is spinning. */
  private BatchHandle startStubborn(BatchSpec<Integer> spec) throws InterruptedException {
    BatchHandle h = Trialbook.startBatch(spec);
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    return h;
  }

  /** The batch is still running after real time has passed, then ends once the clock moves. */
  private BatchResult endsOnlyWhenTheClockMoves(BatchHandle h, Duration advance, String what) {
    assertThat(h.await(Duration.ofMillis(400))).as(what + " before the clock moved").isNull();
    clock.advance(advance);
    BatchResult r = h.await(Duration.ofSeconds(10));
    assertThat(r).as(what + " once the clock moved " + advance).isNotNull();
    assertThat(r.abandonedThreads()).hasSize(1);
    return r;
  }

  @Test
  void aTimedOutStageIsAbandonedWhenTheClockPassesAbandonAfter() throws Exception {
    BatchHandle h = startStubborn(stubborn("clockabandon")
        .timeout(Duration.ofMinutes(1))
        .abandonAfter(Duration.ofHours(1))
        .build());
    clock.advance(Duration.ofMinutes(1).plusSeconds(1)); // the attempt times out, ignores it
    BatchResult r = endsOnlyWhenTheClockMoves(h, Duration.ofHours(1).plusSeconds(1), "abandoned");
    assertThat(r.records().get(0).status()).isEqualTo(TrialStatus.TIMEOUT);
    assertThat(r.records().get(0).error().message()).contains("ignored");
    Invariants.assertConsistent(r);
  }

  @Test
  void cancelReturnsWhenTheClockPassesTheGrace() throws Exception {
    BatchHandle h = startStubborn(stubborn("clockgrace")
        .timeout(Duration.ofHours(2))
        .cancelGrace(Duration.ofHours(1))
        .build());
    h.cancel();
    BatchResult r = endsOnlyWhenTheClockMoves(h, Duration.ofHours(1).plusSeconds(1), "gave up");
    assertThat(r.isCancelled()).isTrue();
    assertThat(r.records().get(0).status()).isEqualTo(TrialStatus.CANCELLED);
    Invariants.assertConsistent(r);
  }
}
