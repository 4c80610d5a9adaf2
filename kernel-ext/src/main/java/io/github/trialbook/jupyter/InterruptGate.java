package io.github.trialbook.jupyter;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.logging.Logger;

/**
 * Holds a kernel's interrupt until the interrupted cell's live views have drawn their last picture.
 * JJava (like IJava, whose design it keeps) runs a cell on an executor thread and answers the stop
 * button by cancelling that cell's future: the request then ends at once and whatever the cell
 * sends afterwards is dropped, so a batch's "cancelled — resumable" picture would never be seen.
 *
 * <p>The gate takes the place of the kernel's map of running cells (a {@code ConcurrentHashMap} of
 * futures whose only {@code forEach} is the interrupt's {@code f.cancel(true)}). When the interrupt
 * walks the map, the gate first interrupts the threads that own open live views (what the cancel
 * would have done to them), waits until each has drawn its last picture, at most {@link #MAX_WAIT}
 * or until no cell runs any more, and only then lets the futures be cancelled. No kernel type is
 * used here; the adapter says where the map is.
 *
 * <pre>{@code
 * InterruptGate gate = new InterruptGate();
 * gate.installInto(kernel, "evaluator", "execControl", "running");
 * String id = display(...); gate.opened(id); ... gate.end(id);
 * }</pre>
 */
final class InterruptGate {
  /** Longer than a batch's default cancelGrace (3 s) plus one throttle interval of the view. */
  static final Duration MAX_WAIT = Duration.ofSeconds(30);
  private static final Logger LOG = Logger.getLogger(InterruptGate.class.getName());
  private static final long POLL_MILLIS = 20;

  private final Map<String, Thread> open = new ConcurrentHashMap<>();
  private final Duration maxWait;

  InterruptGate() {
    this(MAX_WAIT);
  }

  InterruptGate(Duration maxWait) {
    this.maxWait = maxWait;
  }

  /** The current thread shows live view {@code displayId} and will call {@link #end}. */
  void opened(String displayId) {
    open.put(displayId, Thread.currentThread());
  }

  void end(String displayId) {
    synchronized (this) {
      open.remove(displayId);
      notifyAll();
    }
  }

  /** Open live views: display id → the thread drawing it. */
  Map<String, Thread> openViews() {
    return Map.copyOf(open);
  }

  /**
   * Runs on the kernel's interrupt thread before the cells are cancelled: interrupts the owners of
   * open live views and waits until their last pictures are out, while some cell still runs.
   */
  void beforeCancel(Collection<? extends Future<?>> runningCells) {
    if (!anyRunning(runningCells)) {
      return;
    }
    Map<String, Thread> waitingFor = Map.copyOf(open);
    if (waitingFor.isEmpty()) {
      return;
    }
    Set.copyOf(waitingFor.values()).forEach(Thread::interrupt);
    long deadline = System.nanoTime() + maxWait.toNanos();
    boolean interrupted = false;
    synchronized (this) {
      while (waitingFor.keySet().stream().anyMatch(open::containsKey) && anyRunning(runningCells)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          LOG.info("Trialbook: a live view did not draw its last picture within " + maxWait.toMillis()
              + " ms of the interrupt; the cell is cancelled without it");
          break;
        }
        try {
          wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, POLL_MILLIS)); // cells end unannounced
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean anyRunning(Collection<? extends Future<?>> cells) {
    return cells.stream().anyMatch(f -> !f.isDone());
  }

  /**
   * Puts a gated copy in place of the map of running cells reached from {@code root} through the
   * fields named {@code path} (the last one holds the map). True when the gate is (already) in place;
   * false, logged, when the kernel's internals differ.
   */
  synchronized boolean installInto(Object root, String... path) {
    try {
      Object owner = root;
      for (int i = 0; i < path.length - 1; i++) {
        owner = field(owner.getClass(), path[i]).get(owner);
      }
      Field running = field(owner.getClass(), path[path.length - 1]);
      Object current = running.get(owner);
      if (current instanceof GatedCells) {
        return true;
      }
      // the cells running now (the one whose %jars installs this) are copied; the kernel reads the
      // field anew for each later put and remove
      @SuppressWarnings("unchecked")
      Map<Object, Future<?>> cells = (Map<Object, Future<?>>) current;
      running.set(owner, new GatedCells(cells, this));
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warning("Trialbook: cannot hold the interrupt for the live view's last picture (kernel"
          + " internals " + List.of(path) + " differ: " + e + "); an interrupted batch then ends without it");
      return false;
    }
  }

  private static Field field(Class<?> type, String name) throws NoSuchFieldException {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new NoSuchFieldException(type.getName() + "." + name);
  }

  /** The kernel's running cells, with the gate in front of the interrupt's walk over them. */
  static final class GatedCells extends ConcurrentHashMap<Object, Future<?>> {
    private static final long serialVersionUID = 1L;
    private final transient InterruptGate gate;

    GatedCells(Map<Object, Future<?>> cells, InterruptGate gate) {
      super(cells);
      this.gate = gate;
    }

    @Override
    public void forEach(BiConsumer<? super Object, ? super Future<?>> action) {
      gate.beforeCancel(values());
      super.forEach(action);
    }
  }
}
