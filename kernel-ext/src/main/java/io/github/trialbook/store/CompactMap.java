package io.github.trialbook.store;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable, insertion-ordered map on two arrays, for outputs read back from the log. Outputs
 * are small maps ({@code {"label":..,"score":..}}); a LinkedHashMap per record costs about four
 * times the memory, which a million loaded records feel. Lookups scan, so it is only built for
 * small maps.
 */
final class CompactMap extends AbstractMap<String, Object> {
  /** Larger maps stay LinkedHashMaps: a scan would be slower than hashing. */
  static final int MAX_SIZE = 16;

  private final String[] keys;
  private final Object[] values;

  CompactMap(String[] keys, Object[] values, int size) {
    this.keys = keys.length == size ? keys : Arrays.copyOf(keys, size);
    this.values = values.length == size ? values : Arrays.copyOf(values, size);
  }

  @Override
  public int size() {
    return keys.length;
  }

  private int indexOf(Object key) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(key) >= 0;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }

  /** AbstractMap's contract, stated beside {@link #hashCode()}, which is only a faster equivalent. */
  @Override
  public boolean equals(Object o) {
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    int h = 0;
    for (int i = 0; i < keys.length; i++) {
      h += keys[i].hashCode() ^ Objects.hashCode(values[i]);
    }
    return h;
  }
}
