package io.github.trialbook.jupyter;

import java.lang.reflect.Field;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.core.java.JavaEngine;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControl;
import org.rapaio.jupyter.kernel.core.java.RapaioExecutionControlProvider;

/**
 * Keeps the Rapaio kernel (3.0.1) usable after an interrupt. Rapaio handles
 * {@code interrupt_request} by cancelling the cell's future (a {@link Thread#interrupt()} of the
 * cell thread, which is what cancels a Trialbook batch) and then shutting down the executor that
 * runs cells; every later cell then ends silently without output. This daemon notices the shut
 * executor once the interrupt handling is over and puts a fresh one in its place, so the next
 * cell runs. It also revives channel loops Rapaio lost at start-up
 * ({@link RapaioChannelLoops}; a lost control loop means no interrupt arrives at all). Best effort: if
 * Rapaio's internals differ, it logs once and stops.
 */
final class RapaioInterruptRepair {
  private static final Logger LOG = Logger.getLogger(RapaioInterruptRepair.class.getName());
  private static final AtomicBoolean STARTED = new AtomicBoolean();
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Rapaio stops the executor twice (its own stop, then JShell.stop), 0.5 s each at most. */
  private static final long SETTLE_MILLIS = 1_500;
  private static final long POLL_MILLIS = 100;

  private RapaioInterruptRepair() {}

  static void ensureStarted() {
    if (STARTED.compareAndSet(false, true)) {
      Thread t = new Thread(RapaioInterruptRepair::watch, "trialbook-rapaio-interrupt-repair");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void watch() {
    try {
      Field provider = JavaEngine.class.getDeclaredField("controlProvider");
      Field executionId = JavaEngine.class.getDeclaredField("executionId");
      Field executor = RapaioExecutionControl.class.getDeclaredField("executor");
      provider.setAccessible(true);
      executionId.setAccessible(true);
      executor.setAccessible(true);
      long shutSince = 0;
      while (true) {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        if (!RapaioChannelLoops.guarded) {
          RapaioChannelLoops.reviveDead(); // a kernel started without RapaioKernelMain (%jar)
        }
        JavaEngine engine = MainApp.kernel.javaEngine();
        RapaioExecutionControl control = ((RapaioExecutionControlProvider) provider.get(engine))
            .getRegisteredControl((String) executionId.get(engine));
        ExecutorService current = control == null ? null : (ExecutorService) executor.get(control);
        if (current == null || !current.isShutdown()) {
          shutSince = 0;
        } else if (shutSince == 0) {
          shutSince = System.currentTimeMillis();
        } else if (System.currentTimeMillis() - shutSince >= SETTLE_MILLIS) {
          executor.set(control, Executors.newCachedThreadPool(r ->
              new Thread(r, "rapaio-cell-" + THREADS.incrementAndGet())));
          shutSince = 0;
          LOG.info("Trialbook: Rapaio's cell executor was shut down by an interrupt; replaced it");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Trialbook: cannot watch Rapaio's cell executor; after an interrupt,"
          + " restart the kernel", e);
    }
  }
}
