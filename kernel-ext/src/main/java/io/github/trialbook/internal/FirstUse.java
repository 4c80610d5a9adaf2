package io.github.trialbook.internal;

import java.util.Iterator;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link Hook}s once per JVM, at the first use of one of Trialbook's entry points (the
 * {@code Trialbook} facade, {@code Metrics}, results and charts call {@link #ensure()}): that is
 * how a notebook kernel that got the jar through {@code %jars} or its class path gets Trialbook's
 * renderers without a setup call. A hook is found with {@link ServiceLoader}, so packages that
 * must not know the kernel adapters still trigger them. Cheap after the first call (one volatile
 * read); a failing hook is logged, never thrown at the caller. Not for users.
 */
public final class FirstUse {
  private static final Logger LOG = Logger.getLogger(FirstUse.class.getName());
  private static volatile boolean done;

  /** Work to do once, before the first Trialbook value is made ({@code META-INF/services}). */
  public interface Hook {
    void run();
  }

  private FirstUse() {}

  public static void ensure() {
    if (done) {
      return;
    }
    synchronized (FirstUse.class) {
      if (done) {
        return;
      }
      done = true; // first: a hook that uses Trialbook itself must not run the hooks again
      Iterator<Hook> hooks = ServiceLoader.load(Hook.class, FirstUse.class.getClassLoader()).iterator();
      while (true) {
        try {
          if (!hooks.hasNext()) {
            break;
          }
          hooks.next().run();
        } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
          LOG.log(Level.WARNING, "Trialbook: a first-use hook failed; ignored", e);
        }
      }
    }
  }
}
