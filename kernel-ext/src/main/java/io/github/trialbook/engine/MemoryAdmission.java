package io.github.trialbook.engine;

import java.util.Locale;

/**
 * Stops workers from taking new trials while the heap is too full after a collection, so a
 * batch beside other data in a kernel's heap slows down instead of running out of memory.
 * Running trials finish. Above {@link #PAUSE_ABOVE} of the heap after a collection the workers
 * wait; below {@link #RESUME_BELOW} they go on. When every worker waits and nothing runs, no
 * trial will free memory or even trigger a collection, so the monitor asks for one every
 * {@link #FORCE_GC_NANOS}; if the heap stays full for {@link #GIVE_UP_NANOS} with nothing
 * running, what holds it is not this batch's trials and waiting cannot help: the batch goes on,
 * saying so, and later batches do not wait for that memory again (only if the heap grows 5
 * points past it). Monitor thread only, except {@link #tooFull}.
 */
final class MemoryAdmission {
  static final double PAUSE_ABOVE = 0.85;
  static final double RESUME_BELOW = 0.80;
  private static final long FORCE_GC_NANOS = 2_000_000_000L;
  private static final long GIVE_UP_NANOS = 10_000_000_000L;

  /**
   * The heap share at which a batch last gave up waiting: data the kernel holds beside the
   * batches, so later batches do not wait for it again unless the heap grows past it.
   */
  private static volatile double heldOutsideBatches;

  private final Execution<?> ex;
  private long idleSinceNanos = -1;
  private long lastForcedGcNanos;
  private boolean gaveUp;

  MemoryAdmission(Execution<?> ex) {
    this.ex = ex;
  }

  static boolean tooFull(double share) {
    return share > Math.max(PAUSE_ABOVE, heldOutsideBatches + 0.05);
  }

  static String waitingNotice(double share) {
    return String.format(Locale.ROOT, "waiting for memory: the heap was %.0f %% full after the "
        + "last collection (of %d MB); no new trial starts above %.0f %%, running ones finish",
        100 * share, Runtime.getRuntime().maxMemory() >> 20, 100 * PAUSE_ABOVE);
  }

  /** One monitor tick: pauses, resumes, forces a collection or gives up. */
  void tick(long now, int running) {
    double share = MemoryPressure.shareAfterGc();
    if (!ex.memoryPaused) {
      if (!gaveUp && tooFull(share)) {
        ex.memoryPaused = true;
        idleSinceNanos = -1;
      } else if (gaveUp && share < RESUME_BELOW) {
        gaveUp = false;
        ex.memoryNotice = null;
      }
      if (!ex.memoryPaused) {
        return;
      }
    }
    if (share < RESUME_BELOW) {
      ex.memoryPaused = false;
      ex.memoryNotice = null;
      heldOutsideBatches = 0;
      return;
    }
    ex.memoryNotice = waitingNotice(share);
    if (running > 0) {
      idleSinceNanos = -1;
      return;
    }
    if (idleSinceNanos < 0) {
      idleSinceNanos = now;
    }
    if (now - idleSinceNanos > GIVE_UP_NANOS) {
      gaveUp = true;
      heldOutsideBatches = share;
      ex.memoryPaused = false;
      ex.memoryNotice = String.format(Locale.ROOT, "memory: the heap stayed %.0f %% full with no "
          + "trial running, so this batch is not what holds it; going on (raise -Xmx or free "
          + "data)", 100 * share);
    } else if (now - lastForcedGcNanos > FORCE_GC_NANOS) {
      lastForcedGcNanos = now;
      System.gc(); // nothing runs, so nothing else would collect and measure the heap again
    }
  }
}
