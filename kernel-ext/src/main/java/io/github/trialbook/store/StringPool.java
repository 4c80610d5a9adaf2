package io.github.trialbook.store;

import java.util.HashMap;
import java.util.Map;

/**
 * Shares equal short strings among decoded outputs: labels such as {@code "positive"} repeat in
 * most records, and a million copies cost tens of megabytes. Bounded, so a log of unique strings
 * does not grow a second copy of itself.
 */
final class StringPool {
  static final StringPool NONE = new StringPool(0);

  private static final int MAX_LENGTH = 32;
  private final int capacity;
  private final Map<String, String> pool = new HashMap<>();

  StringPool() {
    this(1 << 16);
  }

  private StringPool(int capacity) {
    this.capacity = capacity;
  }

  String share(String s) {
    if (s.length() > MAX_LENGTH) {
      return s;
    }
    String known = pool.get(s);
    if (known != null) {
      return known;
    }
    if (pool.size() < capacity) {
      pool.put(s, s);
    }
    return s;
  }
}
