package io.github.trialbook.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs the {@link Hook}s once per JVM, at the first use of one of Trialbook's entry points (the
 * {@code Trialbook} facade, {@code Metrics}, results and charts call {@link #ensure()}): that is
 * how a notebook kernel that got the jar through {@code %jars} or its class path gets Trialbook's
 * renderers without a setup call. The hooks are named here by class ({@link #HOOKS}), so packages
 * that must not know the kernel adapters still trigger them; they live in Trialbook's own jar, so
 * finding them is one class load, not a scan of every jar on the class path (a
 * {@link java.util.ServiceLoader} lookup opened all of them: about 60 ms of a fresh JVM's first
 * batch with a 40-jar class path). Cheap after the first call (one volatile read); a failing or
 * missing hook is logged, never thrown at the caller. Not for users.
 */
public final class FirstUse {
  /** The hooks, by class name; each must implement {@link Hook} and have a public no-arg constructor. */
  static final String[] HOOKS = {"io.github.trialbook.jupyter.KernelsOnFirstUse"};
  private static volatile boolean done;

  /** Work to do once, before the first Trialbook value is made. */
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
      for (String name : HOOKS) {
        try {
          Class<?> type = Class.forName(name, true, FirstUse.class.getClassLoader());
          ((Hook) type.getConstructor().newInstance()).run();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
          // the logger only now: java.util.logging's set-up is not free in a fresh JVM
          Logger.getLogger(FirstUse.class.getName()).log(Level.WARNING,
              "Trialbook: first-use hook " + name + " failed; ignored", e);
        }
      }
    }
  }
}
