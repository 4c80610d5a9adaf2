package io.github.trialbook.internal;

import java.util.concurrent.TimeUnit;

/**
 * Waits that an interrupt does not cut short, for the places where a cancel (which interrupts
 * the workers and the cell thread) must not lose a finished trial, a flush or a status write.
 * The interrupt is not swallowed: it is set again on the calling thread when the wait is over,
 * so the caller still sees the cancel. Not for users.
 *
 * <pre>{@code
 * Uninterruptibly.await(() -> queue.put(line)); // the line goes in even during a cancel
 * Uninterruptibly.join(writer);
 * }</pre>
 */
public final class Uninterruptibly {
  private Uninterruptibly() {}

  /** A blocking call that an interrupt ends early. */
  @FunctionalInterface
  public interface Wait {
    void run() throws InterruptedException;
  }

  /** Work that must not see a pending interrupt (a {@code FileChannel} closes on one). */
  @FunctionalInterface
  public interface Work<T, E extends Exception> {
    T call() throws E;
  }

  /** Runs {@code wait} again after every interrupt until it returns; then keeps the interrupt. */
  public static void await(Wait wait) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          wait.run();
          return;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Waits until {@code thread} has ended. */
  public static void join(Thread thread) {
    await(thread::join);
  }

  /** Sleeps the whole {@code nanos} (nothing if 0 or less). */
  public static void sleepNanos(long nanos) {
    long deadline = System.nanoTime() + nanos;
    await(() -> {
      for (long left = deadline - System.nanoTime(); left > 0;
          left = deadline - System.nanoTime()) {
        TimeUnit.NANOSECONDS.sleep(left);
      }
    });
  }

  /**
   * Runs {@code work} with the thread's pending interrupt cleared, and sets it again afterwards,
   * whatever {@code work} returns or throws.
   */
  public static <T, E extends Exception> T holdingInterrupt(Work<T, E> work) throws E {
    boolean interrupted = Thread.interrupted();
    try {
      return work.call();
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
