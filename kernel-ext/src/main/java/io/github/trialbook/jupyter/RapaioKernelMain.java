package io.github.trialbook.jupyter;

import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;

/**
 * Starts the Rapaio kernel with a guard that revives the channel loops Rapaio 3.0.1 can lose at
 * start-up ({@link RapaioChannelLoops}); the kernelspec {@code install-kernel --kernel rapaio}
 * writes runs this class instead of Rapaio's {@code MainApp}, with the same arguments.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp rapaio-jupyter-kernel.jar:trialbook-kernel-ext-all.jar \
 *     io.github.trialbook.jupyter.RapaioKernelMain {connection_file}
 * </pre>
 */
public final class RapaioKernelMain {
  private static final Logger LOG = Logger.getLogger(RapaioKernelMain.class.getName());
  private static final long POLL_MILLIS = 50;

  private RapaioKernelMain() {}

  public static void main(String[] args) throws Exception {
    RapaioChannelLoops.guarded = true;
    Thread guard = new Thread(RapaioKernelMain::guard, "trialbook-rapaio-loop-guard");
    guard.setDaemon(true);
    guard.start();
    MainApp.main(args);
  }

  private static void guard() {
    try {
      while (true) {
        TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        RapaioChannelLoops.reviveDead();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Trialbook: cannot watch Rapaio's channel loops; a kernel that does"
          + " not answer needs a restart", e);
    }
  }
}
