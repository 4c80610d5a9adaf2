package io.github.trialbook.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's name without a DNS lookup (which can hang for seconds on a misconfigured host). */
final class HostName {
  private HostName() {}

  static String get() {
    try {
      String name = Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
      if (!name.isEmpty()) {
        return name;
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    String env = System.getenv("HOSTNAME");
    if (env == null) {
      env = System.getenv("COMPUTERNAME");
    }
    return env == null || env.isBlank() ? "unknown" : env;
  }
}
