package io.github.trialbook.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs batch workers on daemon threads that outlive one batch. Starting a thread costs about
 * 100 µs on a small VM, 30 ms for 256 workers, and every worker that starts late finishes late; a
 * kernel that runs batch after batch reuses the threads of the previous one instead. Idle threads
 * are named {@code trialbook-idle}, live in {@link DaemonThreads}' group and end after two idle
 * minutes. Not for users.
 *
 * <p>A {@link Run} owns its thread only while its body runs: an interrupt sent before or after
 * that reaches nobody, and the thread's interrupt flag is cleared, under the same lock, before
 * it can serve another run. Each run sees the context class loader of the thread that prepared
 * it, as a thread created there would.
 */
public final class ReusableThreads {
  private static final String IDLE_NAME = "trialbook-idle";
  private static final ThreadPoolExecutor POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
      2, TimeUnit.MINUTES, new SynchronousQueue<>(), r -> DaemonThreads.daemon(r, IDLE_NAME));

  private ReusableThreads() {}

  /** A run of {@code body} on a thread named {@code name}, not started yet. */
  public static Run prepare(Runnable body, String name) {
    return new Run(body, name, Thread.currentThread().getContextClassLoader(), false);
  }

  /**
   * A run of {@code body} on a new virtual thread (JDK 21+) named {@code name}, not started yet:
   * virtual threads are cheap to start, so they are not pooled.
   *
   * @throws UnsupportedOperationException on a JDK without virtual threads
   */
  public static Run prepareVirtual(Runnable body, String name) {
    VirtualThreads.requireAvailable();
    return new Run(body, name, Thread.currentThread().getContextClassLoader(), true);
  }

  /** One run of a body on a borrowed thread. */
  public static final class Run {
    private final Runnable body;
    private final String name;
    private final ClassLoader loader;
    /** The thread while the body runs, else null. Guarded by this. */
    private Thread thread;
    private final boolean virtual;
    private boolean started;
    private boolean finished;

    private Run(Runnable body, String name, ClassLoader loader, boolean virtual) {
      this.body = body;
      this.name = name;
      this.loader = loader;
      this.virtual = virtual;
    }

    public void start() {
      synchronized (this) {
        if (started) {
          throw new IllegalStateException(name + " was started already");
        }
        started = true;
      }
      if (virtual) {
        VirtualThreads.start(name, this::runBody);
      } else {
        POOL.execute(this::runBody);
      }
    }

    private void runBody() {
      Thread t = Thread.currentThread();
      t.setName(name);
      t.setContextClassLoader(loader);
      synchronized (this) {
        thread = t;
      }
      try {
        body.run();
      } finally {
        synchronized (this) {
          thread = null;
          finished = true;
          Thread.interrupted(); // an interrupt meant for this run must not reach the next one
          if (!virtual) {
            t.setName(IDLE_NAME);
          }
          notifyAll();
        }
        t.setContextClassLoader(null);
      }
    }

    /** Interrupts the body if it is running; otherwise does nothing. */
    public synchronized void interrupt() {
      if (thread != null) {
        thread.interrupt();
      }
    }

    /** Started and not yet finished. */
    public synchronized boolean isRunning() {
      return started && !finished;
    }

    /** Waits at most {@code millis} for the body to end; true if it has. */
    public synchronized boolean join(long millis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
      while (started && !finished) {
        long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }

    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return name;
    }
  }
}
