package io.github.trialbook.batch;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Applies the {@link Secrets} policy. Texts (messages, stack frames, log lines, views) lose every
 * known secret value and every token shape ({@code Bearer ...}, {@code sk-...}); stage outputs
 * (data: strings and map keys inside maps, lists, arrays, records and beans, read through their
 * public getters as the checkpoint reads them) lose the known values. The engine scrubs each
 * record as it is made, so memory, the checkpoint, tables and views hold the same masked text.
 * Immutable and thread-safe; a value with nothing to mask comes back as the same instance, and a
 * batch whose configs hold no secret pays one check per record.
 *
 * <p>A value that had to change keeps its shape where it can (maps stay maps, lists lists,
 * arrays arrays); a record or bean holding a secret becomes a map of its properties, which is
 * what the checkpoint gives back for it anyway.
 *
 * <pre>{@code
 * SecretScrubber s = Secrets.scrubber(spec.configs());
 * log.info(s.scrub("calling with key " + key));      // "calling with key ***"
 * }</pre>
 */
public final class SecretScrubber {
  private static final SecretScrubber NONE = new SecretScrubber(new String[0], false);

  /** Longest first, so a value that contains another is cut whole. */
  private final String[] values;
  private final boolean shapes;

  private SecretScrubber(String[] values, boolean shapes) {
    this.values = values;
    this.shapes = shapes;
  }

  static SecretScrubber of(Set<String> values) {
    String[] sorted = values.toArray(new String[0]);
    Arrays.sort(sorted, Comparator.comparingInt(String::length).reversed());
    return new SecretScrubber(sorted, true);
  }

  /** A scrubber that changes nothing: for text already scrubbed (read back from a run). */
  public static SecretScrubber none() {
    return NONE;
  }

  /**
   * A message, log line or view text with every known secret value and every token shape
   * ({@code Bearer ...}, {@code sk-...}) replaced by {@code ***}.
   */
  public String scrub(String text) {
    String out = cut(text);
    if (shapes && out != null) {
      out = Secrets.maskShapes(out);
    }
    return out == null || out.equals(text) ? text : out; // callers detect change by identity
  }

  /** {@code text} with the known secret values cut out (no shapes: for data). */
  private String cut(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String v : values) {
      if (out.contains(v)) {
        out = out.replace(v, Secrets.MASK);
      }
    }
    return out;
  }

  /**
   * A stage output (data) with the known secret values cut out of every string and map key inside
   * it; the same instance when none changed, and at once when there are no values to cut (a
   * batch without secrets pays nothing per trial). Token shapes are left to the texts: data is
   * not second-guessed.
   */
  public Object scrubValue(Object value) {
    return values.length == 0 ? value : walk(value, null, 0);
  }

  /** The error with its message and stack frames scrubbed. */
  public TrialError scrub(TrialError error) {
    if (error == null || this == NONE) {
      return error;
    }
    String message = scrub(error.message());
    List<String> frames = error.stack();
    List<String> scrubbed = null;
    for (int i = 0; i < frames.size(); i++) {
      String f = scrub(frames.get(i));
      if (!f.equals(frames.get(i)) && scrubbed == null) {
        scrubbed = new ArrayList<>(frames);
      }
      if (scrubbed != null) {
        scrubbed.set(i, f);
      }
    }
    if (message.equals(error.message()) && scrubbed == null) {
      return error;
    }
    return new TrialError(error.exceptionClass(), message, error.stage(), error.attempts(),
        scrubbed == null ? frames : scrubbed);
  }

  /** The record with its stage outputs and error scrubbed; the same record when none changed. */
  public TrialRecord scrub(TrialRecord record) {
    if (this == NONE) {
      return record;
    }
    Object[] outputs = null;
    for (int i = 0; values.length > 0 && i < record.stageCount(); i++) {
      Object before = record.output(i);
      Object after = walk(before, null, 0);
      if (after != before && outputs == null) {
        outputs = new Object[record.stageCount()];
        for (int j = 0; j < i; j++) {
          outputs[j] = record.output(j);
        }
      }
      if (outputs != null) {
        outputs[i] = after;
      }
    }
    TrialError error = scrub(record.error());
    if (outputs == null && error == record.error()) {
      return record;
    }
    return record.with(outputs, error);
  }

  /** A throwable as a log would print it (class, message, frames, causes), scrubbed. */
  public String describe(Throwable error) {
    StringBuilder out = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
      out.append(t == error ? "" : "\ncaused by: ").append(scrub(String.valueOf(t)));
      StackTraceElement[] trace = t.getStackTrace();
      for (int i = 0; i < Math.min(TrialError.FRAMES, trace.length); i++) {
        out.append("\n\tat ").append(scrub(trace[i].toString()));
      }
    }
    return out.toString();
  }

  private Object walk(Object v, Path path, int depth) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof Character) {
      return v;
    }
    if (v instanceof String s) {
      return cut(s);
    }
    if (v instanceof CharSequence || v instanceof URI || v instanceof java.nio.file.Path
        || v instanceof char[]) {
      String text = v instanceof char[] chars ? new String(chars) : v.toString();
      String s = cut(text);
      return s.equals(text) ? v : s; // stored as a string: memory shows what the file holds
    }
    if (depth > Secrets.MAX_DEPTH || !Secrets.isContainer(v)) {
      return v;
    }
    Path onPath = path == null ? new Path() : path;
    if (!onPath.push(v)) {
      return v; // contains itself: left for the checkpoint to refuse
    }
    try {
      return walkContainer(v, onPath, depth);
    } finally {
      onPath.pop();
    }
  }

  /**
   * The containers from the output down to the one being walked, compared by identity: outputs
   * are shallow, so a scan of a few entries beats hashing (and allocates once per output).
   */
  private static final class Path {
    private Object[] items = new Object[8];
    private int size;
    /** Records and beans read so far; see {@link Secrets#MAX_OBJECTS}. */
    int objects;

    /** False when {@code v} is on the path already (a cycle). */
    boolean push(Object v) {
      for (int i = 0; i < size; i++) {
        if (items[i] == v) {
          return false;
        }
      }
      if (size == items.length) {
        items = Arrays.copyOf(items, size * 2);
      }
      items[size++] = v;
      return true;
    }

    void pop() {
      items[--size] = null;
    }
  }

  private Object walkContainer(Object v, Path path, int depth) {
    if (v instanceof Map<?, ?> map) {
      Map<Object, Object> out = null;
      int i = 0;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        Object key = e.getKey() instanceof String s ? cut(s) : e.getKey();
        Object value = walk(e.getValue(), path, depth + 1);
        if (out == null && (key != e.getKey() || value != e.getValue())) {
          out = new LinkedHashMap<>();
          int j = 0;
          for (Map.Entry<?, ?> earlier : map.entrySet()) {
            if (j++ == i) {
              break;
            }
            out.put(earlier.getKey(), earlier.getValue());
          }
        }
        if (out != null) {
          out.put(key, value);
        }
        i++;
      }
      return out == null ? v : Collections.unmodifiableMap(out);
    }
    if (v instanceof Optional<?> o) {
      Object inner = o.orElse(null);
      Object after = walk(inner, path, depth + 1);
      return after == inner ? v : Optional.ofNullable(after);
    }
    if (v instanceof Collection<?> || v instanceof Object[]) {
      Iterable<?> elements = v instanceof Object[] array ? Arrays.asList(array) : (Collection<?>) v;
      List<Object> out = null;
      int i = 0;
      for (Object before : elements) {
        Object after = walk(before, path, depth + 1);
        if (after != before && out == null) {
          out = new ArrayList<>();
          for (Object earlier : elements) {
            if (out.size() == i) {
              break;
            }
            out.add(earlier);
          }
        }
        if (out != null) {
          out.add(after);
        }
        i++;
      }
      if (out == null) {
        return v;
      }
      if (v instanceof Object[]) {
        return out.toArray();
      }
      return v instanceof Set<?> ? Collections.unmodifiableSet(new LinkedHashSet<>(out))
          : Collections.unmodifiableList(out);
    }
    if (v.getClass().isArray()) {
      return v; // primitive numbers and booleans hold no text
    }
    if (++path.objects > Secrets.MAX_OBJECTS) {
      return v;
    }
    Object[] props = Properties.values(v);
    boolean changed = false;
    for (int i = 0; i < props.length; i++) {
      Object before = props[i];
      if (before != Properties.UNREADABLE) {
        props[i] = walk(before, path, depth + 1);
        changed |= props[i] != before;
      }
    }
    if (!changed) {
      return v;
    }
    String[] names = Properties.names(v);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < props.length; i++) {
      if (props[i] != Properties.UNREADABLE) {
        out.put(names[i], props[i]);
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
