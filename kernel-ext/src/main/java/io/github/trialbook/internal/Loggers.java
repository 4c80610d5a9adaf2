package io.github.trialbook.internal;

/**
 * The library's logger, made when there is something to say: the JVM's first
 * {@code System.getLogger} looks for a logger finder in every jar on the class path, 20–30 ms of
 * a fresh JVM, which a first batch should not pay for a logger it never uses.
 *
 * <pre>{@code
 * Loggers.trialbook().log(System.Logger.Level.WARNING, "batch " + name + ": ...");
 * }</pre>
 */
public final class Loggers {
  private Loggers() {}

  public static System.Logger trialbook() {
    return System.getLogger("io.github.trialbook");
  }
}
