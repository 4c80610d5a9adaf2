package io.github.trialbook.process;

import java.util.Locale;

/**
 * Picks the JDK's process launch mechanism before the first process starts. On Linux the JDK 17–21
 * default, {@code POSIX_SPAWN}, execs a helper ({@code jspawnhelper}) that then execs the program:
 * two execs per trial. {@code VFORK} (the Linux default up to JDK 12) execs once and starts a
 * short program about 1.7× as fast, which is what makes a sweep of many short programs keep up
 * with Python's {@code subprocess}. It is chosen only when the user has not set
 * {@code jdk.lang.Process.launchMechanism} and the JDK is 17–21 (later JDKs deprecate VFORK); it
 * takes effect only if no process was started in this JVM yet (the JDK reads it once).
 */
final class LaunchMechanism {
  static final String PROPERTY = "jdk.lang.Process.launchMechanism";

  private LaunchMechanism() {}

  static void preferVfork() {
    boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
    if (linux && Runtime.version().feature() <= 21 && System.getProperty(PROPERTY) == null) {
      System.setProperty(PROPERTY, "VFORK");
    }
  }
}
