package io.github.trialbook.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from its end (the file may be of any size). */
final class LogTail {
  private static final int MAX_BYTES = 16 * 1024;

  private LogTail() {}

  /** At most {@code n} last non-empty lines; empty if the file is missing or empty. */
  static List<String> lines(Path file, int n) {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long length = f.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      f.seek(length - size);
      f.readFully(bytes);
      String text = new String(bytes, StandardCharsets.UTF_8);
      List<String> all = new ArrayList<>(Arrays.asList(text.split("\r?\n")));
      if (size < length && !all.isEmpty()) {
        all.remove(0); // cut mid-line
      }
      all.removeIf(String::isBlank);
      return List.copyOf(all.subList(Math.max(0, all.size() - n), all.size()));
    } catch (IOException e) {
      return List.of();
    }
  }
}
