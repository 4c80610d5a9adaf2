package io.github.trialbook.engine;

/**
 * The thread group of every engine thread. It hangs off the root group, not off the caller's,
 * because JShell (IJava, Rapaio) stops a cell by stopping the cell's whole thread group: the
 * workers must instead see a cancel, finish their bookkeeping and flush the checkpoint.
 */
final class EngineThreads {
  private static final ThreadGroup GROUP = create();

  private EngineThreads() {}

  private static ThreadGroup create() {
    ThreadGroup root = Thread.currentThread().getThreadGroup();
    while (root.getParent() != null) {
      root = root.getParent();
    }
    return new ThreadGroup(root, "trialbook");
  }

  static Thread daemon(Runnable body, String name) {
    Thread t = new Thread(GROUP, body, name);
    t.setDaemon(true);
    return t;
  }
}
