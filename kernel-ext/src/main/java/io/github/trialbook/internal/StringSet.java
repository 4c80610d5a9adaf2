package io.github.trialbook.internal;

/**
 * An add-only set of strings with open addressing, sized once: checking a million input ids for
 * duplicates without a node object per id. Not thread-safe. Not for users.
 */
public final class StringSet {
  private final String[] slots;
  private final int mask;

  /** A set for up to {@code expected} strings. */
  public StringSet(int expected) {
    int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    slots = new String[capacity];
    mask = capacity - 1;
  }

  /** Adds {@code s}; false if it was already present. */
  public boolean add(String s) {
    int h = s.hashCode();
    int i = (h ^ (h >>> 16)) & mask;
    while (true) {
      String there = slots[i];
      if (there == null) {
        slots[i] = s;
        return true;
      }
      if (there.equals(s)) {
        return false;
      }
      i = (i + 1) & mask;
    }
  }
}
