package io.github.trialbook.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Directories this JVM has already made, so that a sweep of short programs does not ask the file
 * system again for every trial (a failed {@code mkdir} and a {@code stat} per trial and folder).
 * A directory deleted behind our back is made again by {@link #retry}.
 */
final class KnownDirectories {
  private static final int MAX = 10_000;
  private static final Set<Path> MADE = ConcurrentHashMap.newKeySet();

  private KnownDirectories() {}

  /** Makes {@code dir} and its parents unless this JVM already made them. */
  static void ensure(Path dir) throws IOException {
    if (!MADE.contains(dir)) {
      Files.createDirectories(dir);
      if (MADE.size() >= MAX) {
        MADE.clear(); // many run directories in one kernel: forget, do not grow
      }
      MADE.add(dir);
    }
  }

  /** Forgets {@code dir} (it was deleted) and makes it again. */
  static void retry(Path dir) throws IOException {
    MADE.remove(dir);
    ensure(dir);
  }
}
