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
 * now, which includes garbage. One listener per JVM, registered on first use.
 */
final class MemoryPressure {
  private static final Set<String> HEAP_POOLS = new HashSet<>();
  private static volatile double shareAfterGc;

  static {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        HEAP_POOLS.add(pool.getName());
      }
    }
    GcInfo latest = null;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof com.sun.management.GarbageCollectorMXBean hotspot) {
        GcInfo last = hotspot.getLastGcInfo(); // a collection before this class was loaded
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
  }

  private MemoryPressure() {}

  private static void record(GcInfo info) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> e : info.getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(e.getKey())) {
        used += e.getValue().getUsed();
      }
    }
    shareAfterGc = (double) used / Runtime.getRuntime().maxMemory();
  }

  /** The heap in use after the latest collection over the most it may grow to; 0 before one. */
  static double shareAfterGc() {
    return shareAfterGc;
  }
}
