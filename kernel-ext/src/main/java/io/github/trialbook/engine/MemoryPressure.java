package io.github.trialbook.engine;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * How full the heap was after the latest garbage collection, from the collectors' notifications:
 * the heap in use right after a collection is what the live data needs, unlike the heap in use
 * now, which includes garbage. One listener per JVM, registered when first needed.
 *
 * <p>First needed means: the heap in use now is at least {@link #WATCH_ABOVE} of its maximum.
 * Below that the figure after the latest collection is lower still (the heap only fills between
 * collections), so it is no reason to wait and the heap in use now stands in for it; the
 * management beans, the listener and their reflective set-up (10–40 ms of a fresh JVM's first
 * batch, on the caller's thread) are then not paid at all. From the first call that finds the heap
 * that full on, the figure is the collectors' own, starting with the latest collection's.
 */
final class MemoryPressure {
  /** Below this share of the heap in use now, nothing is registered (a batch never waits below 0.80). */
  static final double WATCH_ABOVE = 0.5;
  private static final Set<String> HEAP_POOLS = new HashSet<>();
  private static volatile boolean watching;
  private static volatile double shareAfterGc;

  private MemoryPressure() {}

  /** Registers the listener and reads the latest collection, once. */
  private static synchronized void watch() {
    if (watching) {
      return;
    }
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        HEAP_POOLS.add(pool.getName());
      }
    }
    GcInfo latest = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
        GcInfo last = hotspot.getLastGcInfo(); // a collection before the listener was registered
        if (last != null && (latest == null || last.getEndTime() > latest.getEndTime())) {
          latest = last;
        }
      }
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener((n, handback) -> {
          if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            record(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData())
                .getGcInfo());
          }
        }, null, null);
      }
    }
    if (latest != null) {
      record(latest);
    }
    watching = true;
  }

  private static void record(GcInfo info) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    shareAfterGc = (double) used / Runtime.getRuntime().maxMemory();
  }

  /**
   * The heap in use after the latest collection over the most it may grow to; 0 before one. While
   * the heap in use now is below {@link #WATCH_ABOVE} and nothing is registered yet: that share
   * instead, an upper bound of the figure after the latest collection.
   */
  static double shareAfterGc() {
    if (!watching) {
      Runtime rt = Runtime.getRuntime();
      double now = (double) (rt.totalMemory() - rt.freeMemory()) / rt.maxMemory();
      if (now < WATCH_ABOVE) {
        return now;
      }
      watch();
    }
    return shareAfterGc;
  }
}
