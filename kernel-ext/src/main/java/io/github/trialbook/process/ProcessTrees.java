package io.github.trialbook.process;

import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.internal.Uninterruptibly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Ends process trees and remembers the live ones, so that nothing a stage started outlives it.
 *
 * <p>A tree is ended descendants first: every member gets SIGTERM, the members still alive after
 * the grace get SIGKILL. The tree is re-read while waiting, so a child forked during the grace is
 * caught too, and handles are kept once seen, so a grandchild whose parent died (and that was
 * re-parented) is still ended. Live roots are registered here; one JVM shutdown hook ends every
 * registered tree (normal exit, SIGTERM, SIGINT; a SIGKILL of the JVM is handled by the orphan
 * records of {@link Orphans} instead).
 */
final class ProcessTrees {
  private static final Duration SHUTDOWN_GRACE_CAP = Duration.ofSeconds(5);
  private static final Map<ProcessHandle, Duration> LIVE = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ProcessTrees::endAllLive,
        "trialbook-process-trees"));
  }

  private ProcessTrees() {}

  /**
   * Held (shared) by a launch from the start of the program to its registration, and (exclusive)
   * by the shutdown hook before it reads the live trees: the JVM halts as soon as the hooks end,
   * while workers keep running, so a program started during the hook must be either in its
   * snapshot or never started.
   */
  private static final ReentrantReadWriteLock LAUNCH = new ReentrantReadWriteLock();
  private static volatile boolean shuttingDown;

  /**
   * Starts {@code pb} and registers its tree, to be ended with {@code grace} at JVM shutdown.
   *
   * @throws TrialbookException if the JVM is shutting down (nothing is started)
   * @throws IOException if the program cannot be started
   */
  static Process start(ProcessBuilder pb, Duration grace) throws IOException {
    LAUNCH.readLock().lock();
    try {
      if (shuttingDown) {
        throw new TrialbookException("not started: the JVM is shutting down; resume the run "
            + "directory in a new session to run this trial");
      }
      Process p = pb.start();
      LIVE.put(p.toHandle(), grace);
      return p;
    } finally {
      LAUNCH.readLock().unlock();
    }
  }

  static void unregister(ProcessHandle root) {
    LIVE.remove(root);
  }

  /** The root and its descendants as they are now, descendants first. */
  static List<ProcessHandle> snapshot(ProcessHandle root) {
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    Collections.reverse(tree);
    tree.add(root);
    return tree;
  }

  /** Ends {@code root}'s tree: TERM to all, KILL to survivors after {@code grace}; waits ≤ 1 s more. */
  static void end(ProcessHandle root, Duration grace) {
    endAll(snapshot(root), grace);
  }

  /** Ends every process of {@code members} and anything they have started meanwhile. */
  static void endAll(List<ProcessHandle> members, Duration grace) {
    Uninterruptibly.holdingInterrupt(() -> { // an interrupt must not cut the grace short
      endAllUninterrupted(members, grace);
      return null;
    });
  }

  private static void endAllUninterrupted(List<ProcessHandle> members, Duration grace) {
    Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    for (ProcessHandle p : members) {
      seen.putIfAbsent(p.pid(), p);
    }
    for (ProcessHandle p : List.copyOf(seen.values())) {
      p.destroy();
    }
    long deadline = System.nanoTime() + grace.toNanos();
    while (System.nanoTime() < deadline && anyAlive(seen, true)) {
      Uninterruptibly.sleepNanos(20_000_000L);
    }
    for (ProcessHandle p : List.copyOf(seen.values())) {
      addDescendants(p, seen);
    }
    for (ProcessHandle p : List.copyOf(seen.values())) {
      if (isRunning(p)) {
        p.destroyForcibly();
      }
    }
    long killDeadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    while (System.nanoTime() < killDeadline && anyAlive(seen, false)) {
      Uninterruptibly.sleepNanos(10_000_000L);
    }
  }

  private static boolean anyAlive(Map<Long, ProcessHandle> seen, boolean growAndTerm) {
    boolean alive = false;
    for (ProcessHandle p : List.copyOf(seen.values())) {
      if (isRunning(p)) {
        alive = true;
        if (growAndTerm) {
          for (ProcessHandle d : p.descendants().toList()) {
            if (seen.putIfAbsent(d.pid(), d) == null) {
              d.destroy();
            }
          }
        }
      }
    }
    return alive;
  }

  private static void addDescendants(ProcessHandle p, Map<Long, ProcessHandle> seen) {
    if (p.isAlive()) {
      p.descendants().forEach(d -> seen.putIfAbsent(d.pid(), d));
    }
  }

  /**
   * True while {@code p} runs. A killed process whose parent has died is a zombie until the init
   * process reaps it, which may take seconds in a container; it runs no code, so it counts as
   * ended ({@code ProcessHandle.isAlive} says true until it is reaped).
   */
  static boolean isRunning(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    Path stat = Path.of("/proc", Long.toString(p.pid()), "stat");
    try {
      String s = Files.readString(stat);
      int close = s.lastIndexOf(')');
      return close < 0 || close + 2 >= s.length() || s.charAt(close + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return p.isAlive(); // no /proc (not Linux) or the process just went
    }
  }

  /** The handle of {@code pid} if it is alive and started at {@code startMillis} (not a reused pid). */
  static Optional<ProcessHandle> same(long pid, long startMillis) {
    return ProcessHandle.of(pid).filter(ProcessTrees::isRunning).filter(p -> p.info().startInstant()
        .map(s -> Math.abs(s.toEpochMilli() - startMillis) < 1000).orElse(false));
  }

  static long startMillis(ProcessHandle p) {
    return p.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
  }

  private static void endAllLive() {
    shuttingDown = true;
    LAUNCH.writeLock().lock(); // waits for the launches under way; later ones see shuttingDown
    List<ProcessHandle> all = new ArrayList<>();
    Duration grace = Duration.ZERO;
    for (Map.Entry<ProcessHandle, Duration> e : Set.copyOf(LIVE.entrySet())) {
      all.addAll(snapshot(e.getKey()));
      grace = e.getValue().compareTo(grace) > 0 ? e.getValue() : grace;
    }
    if (!all.isEmpty()) {
      endAll(all, grace.compareTo(SHUTDOWN_GRACE_CAP) > 0 ? SHUTDOWN_GRACE_CAP : grace);
    }
  }
}
