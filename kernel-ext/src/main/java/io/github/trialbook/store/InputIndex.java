package io.github.trialbook.store;

import java.util.List;

/**
 * Input id → its index in the spec's list, in one {@code int} array (open addressing over the
 * ids' own hash codes): a million ids cost 8 MB here, against about 50 MB for a
 * {@code HashMap<String, Integer>}. The first of equal ids wins.
 */
final class InputIndex {
  private final List<String> ids;
  /** Index + 1 of the id in each slot; 0 = empty. */
  private final int[] slots;
  private final int mask;

  InputIndex(List<String> ids) {
    this.ids = ids;
    int capacity = Integer.highestOneBit(Math.max(4, ids.size()) * 2 - 1) << 1;
    this.slots = new int[capacity];
    this.mask = capacity - 1;
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      int slot = spread(id.hashCode()) & mask;
      while (slots[slot] != 0) {
        if (ids.get(slots[slot] - 1).equals(id)) {
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (slots[slot] == 0) {
        slots[slot] = i + 1;
      }
    }
  }

  /** The index of {@code id}, or -1. */
  int indexOf(String id) {
    int slot = spread(id.hashCode()) & mask;
    while (true) {
      int at = slots[slot];
      if (at == 0) {
        return -1;
      }
      if (ids.get(at - 1).equals(id)) {
        return at - 1;
      }
      slot = (slot + 1) & mask;
    }
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }
}
