package io.github.trialbook.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Virtual threads (JDK 21+) for a library compiled for JDK 17: the builder API is looked up once
 * at run time (one reflective call per started worker, not per trial). Not for users.
 *
 * <pre>{@code
 * if (VirtualThreads.available()) {
 *   Thread t = VirtualThreads.start("worker-0", task);   // package-private: ReusableThreads uses it
 * }
 * }</pre>
 */
public final class VirtualThreads {
  private static final Method OF_VIRTUAL = method(Thread.class, "ofVirtual");
  private static final Method NAME = method(builderType(), "name", String.class);
  private static final Method START = method(builderType(), "start", Runnable.class);
  private static final Method IS_VIRTUAL = method(Thread.class, "isVirtual");

  private VirtualThreads() {}

  /** Whether this JDK has virtual threads. */
  public static boolean available() {
    return OF_VIRTUAL != null && NAME != null && START != null;
  }

  /** What a caller that needs virtual threads says on an older JDK. */
  public static String unavailableMessage(String what) {
    return what + " needs JDK 21 or later (this JVM is JDK " + Runtime.version()
        + "); start the kernel on JDK 21+ or drop it";
  }

  static void requireAvailable() {
    if (!available()) {
      throw new UnsupportedOperationException(unavailableMessage("a virtual thread"));
    }
  }

  /** Starts {@code task} on a new virtual thread named {@code name}. */
  static Thread start(String name, Runnable task) {
    try {
      Object builder = NAME.invoke(OF_VIRTUAL.invoke(null), name);
      return (Thread) START.invoke(builder, task);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("starting virtual thread " + name + " failed", e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("starting virtual thread " + name + " failed", e);
    }
  }

  /** Whether {@code t} is a virtual thread (false before JDK 21). */
  public static boolean isVirtual(Thread t) {
    try {
      return IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invoke(t);
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  private static Class<?> builderType() {
    try {
      return Class.forName("java.lang.Thread$Builder");
    } catch (ClassNotFoundException e) {
      return null;
    }
  }

  private static Method method(Class<?> type, String name, Class<?>... params) {
    if (type == null) {
      return null;
    }
    try {
      return type.getMethod(name, params);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
