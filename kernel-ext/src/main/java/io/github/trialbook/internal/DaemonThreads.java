package io.github.trialbook.internal;

/**
 * Creates Trialbook's background threads (workers, monitor, checkpoint writer) as daemons (the
 * on-finish thread excepted, see {@link #nonDaemon}) in a
 * thread group that hangs off the root group, not off the caller's: JShell (IJava, Rapaio) stops a
 * cell by stopping the cell's whole thread group, and these threads must instead see a cancel,
 * finish their bookkeeping and flush the checkpoint. Not for users.
 */
public final class DaemonThreads {
  private static final ThreadGroup GROUP = create();

  private DaemonThreads() {}

  private static ThreadGroup create() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return new ThreadGroup(root, "trialbook");
  }

  /**
   * A thread (not started) in Trialbook's group that is not a daemon: the JVM waits for it, for
   * work that must not be lost when a program ends right after a batch (the on-finish callbacks).
   */
  public static Thread nonDaemon(Runnable body, String name) {
    Thread t = new Thread(GROUP, body, name);
    t.setDaemon(false);
    return t;
  }

  /** A daemon thread (not started) in Trialbook's group. */
  public static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(GROUP, body, name);
    t.setDaemon(true);
    return t;
  }
}
