package io.github.trialbook.batch;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one policy that decides what is secret; {@link SecretScrubber} applies it everywhere.
 *
 * <ul>
 *   <li><b>Names</b>: a param, map key, record component or bean property whose name contains
 *       {@code key}, {@code token}, {@code secret}, {@code password}, {@code passwd},
 *       {@code authorization}, {@code credential} or {@code cookie} (any case, so {@code API_KEY},
 *       {@code x-api-key} and {@code openaiToken} too; not {@code max_tokens} or
 *       {@code tokenizer}), at any depth of a config's params: maps,
 *       lists, sets, arrays, {@code Optional}s, records and beans (public getters).</li>
 *   <li><b>Values</b>: everything under such a name (strings, numbers, {@code char[]}, whole
 *       maps and lists), and the token of every {@code Bearer ...} found in any param. These
 *       values are cut out of every text, wherever they appear (an exception message echoing a
 *       key, a model echoing a header).</li>
 *   <li><b>Shapes</b>: in any text (messages, stack frames, logs, views, shown params),
 *       {@code Bearer <token>} and {@code sk-...} keys are masked even when no config named
 *       them. Stage outputs are data: only the values above are cut out of them.</li>
 *   <li><b>Pool keys</b>: an endpoint pool adds the current values of its API-key variables
 *       ({@link #scrubberOf(Collection)}).</li>
 * </ul>
 *
 * <p>Values shorter than 4 characters are masked where they sit but not cut out of other text
 * (they would mangle ordinary words). A param that contains itself is walked once, never twice,
 * and shown as {@code (cycle)}. Stage outputs are data: their map keys are not read as names
 * ({@code promptTokens} is not a secret), but every string in them is scrubbed of the values.
 *
 * <pre>{@code
 * Config c = Config.of("A", Map.of("auth", Map.of("token", "sk-test-0123456789abcdef")));
 * Secrets.redact(c.params());                         // {auth={token=***}}
 * Secrets.scrubber(List.of(c)).scrub("bad key sk-test-0123456789abcdef");   // "bad key ***"
 * }</pre>
 */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  /** Shorter values are not cut out of other text: no real key is this short. */
  static final int MIN_SECRET_LENGTH = 4;
  /** Deeper than this a walk stops (the checkpoint refuses such values with its own message). */
  static final int MAX_DEPTH = 512;
  /**
   * Records and beans read per walk at most: a getter that returns a new object each time would
   * otherwise make the walk endless (the checkpoint refuses such a value with its own message).
   */
  static final int MAX_OBJECTS = 10_000;
  /** What a container that contains itself is shown as. */
  static final String CYCLE = "(cycle)";

  private static final String[] MARKERS = {"key", "token", "secret", "password", "passwd",
      "authorization", "credential", "cookie"};
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)([^\\s\"',;]+)");
  private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{8,}");

  private Secrets() {}

  /**
   * True when a parameter, header or property name looks like it holds a secret. Token counts
   * and tokenizers ({@code max_tokens}, {@code tokenizer}) are not secrets: hiding them would
   * hide a changed setting from the fingerprint.
   */
  public static boolean looksSecret(String name) {
    if (name == null) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    for (String marker : MARKERS) {
      for (int at = lower.indexOf(marker); at >= 0; at = lower.indexOf(marker, at + 1)) {
        if (!marker.equals("token") || !countOrTokenizer(lower, at + marker.length())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean countOrTokenizer(String lower, int after) {
    return lower.startsWith("s", after) || lower.startsWith("iz", after);
  }

  /** The scrubber for a batch: every secret value found in the params of {@code configs}. */
  public static SecretScrubber scrubber(Collection<Config> configs) {
    Set<String> values = new LinkedHashSet<>();
    for (Config config : configs) {
      collect(config.params(), false, values, new IdentityHashMap<>(), 0);
    }
    return SecretScrubber.of(values);
  }

  /** A scrubber for known secret values, e.g. the API keys an endpoint pool sends now. */
  public static SecretScrubber scrubberOf(Collection<String> values) {
    Set<String> kept = new LinkedHashSet<>();
    for (String v : values) {
      addValue(v, kept);
    }
    return SecretScrubber.of(kept);
  }

  /**
   * A copy of {@code params} for showing and persisting: values under secret-looking names are
   * {@code ***} at any depth, and every string is scrubbed of the secret values found in them.
   * Unchanged values are returned as they are; a record or bean holding a secret becomes a map of
   * its properties; a container that contains itself becomes {@code (cycle)}.
   */
  public static Map<String, Object> redact(Map<String, ?> params) {
    Set<String> values = new LinkedHashSet<>();
    collect(params, false, values, new IdentityHashMap<>(), 0);
    SecretScrubber scrubber = SecretScrubber.of(values);
    Map<String, Object> out = new LinkedHashMap<>();
    Map<Object, Boolean> path = new IdentityHashMap<>();
    path.put(params, true);
    int[] objects = {0};
    params.forEach((k, v) -> out.put(k, looksSecret(k) ? MASK
        : mask(v, scrubber, path, objects, 1)));
    return Collections.unmodifiableMap(out);
  }

  /** Masks {@code Bearer} tokens and {@code sk-} keys in {@code text}. */
  static String maskShapes(String text) {
    if (!mayHoldShape(text)) {
      return text;
    }
    String out = BEARER.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return out.contains("sk-") ? KEY_LIKE.matcher(out).replaceAll(MASK) : out;
  }

  /** A cheap first look (three {@code indexOf}) before any regular expression runs. */
  private static boolean mayHoldShape(String s) {
    return s.length() >= 8 && (s.indexOf("earer") >= 0 || s.indexOf("EARER") >= 0
        || s.indexOf("sk-") >= 0);
  }

  // ---- finding the values

  private static void collect(Object value, boolean secret, Set<String> into,
      Map<Object, Boolean> seen, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return;
    }
    if (value instanceof CharSequence || value instanceof char[]) {
      String s = value instanceof char[] chars ? new String(chars) : value.toString();
      if (secret) {
        addValue(s, into);
      } else {
        addBearerTokens(s, into);
      }
      return;
    }
    if (!isContainer(value)) {
      if (secret && !(value instanceof Boolean)) {
        addValue(String.valueOf(value), into);
      }
      return;
    }
    Boolean walked = seen.get(value);
    if (walked != null && (walked || !secret)) {
      return; // walked already as it is now (a cycle, or shared)
    }
    seen.put(value, secret);
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, secret || looksSecret(String.valueOf(k)), into, seen,
          depth + 1));
    } else if (value instanceof Optional<?> o) {
      collect(o.orElse(null), secret, into, seen, depth + 1);
    } else if (value instanceof Collection<?> list) {
      for (Object v : list) {
        collect(v, secret, into, seen, depth + 1);
      }
    } else if (value.getClass().isArray()) {
      for (int i = 0; i < Array.getLength(value); i++) {
        collect(Array.get(value, i), secret, into, seen, depth + 1);
      }
    } else if (seen.size() <= MAX_OBJECTS) {
      Properties.of(value).forEach((k, v) -> collect(v, secret || looksSecret(k), into, seen,
          depth + 1));
    }
  }

  private static void addValue(String s, Set<String> into) {
    if (s == null) {
      return;
    }
    String v = s.strip();
    if (v.length() >= MIN_SECRET_LENGTH) {
      into.add(v);
    }
    addBearerTokens(v, into);
  }

  private static void addBearerTokens(String s, Set<String> into) {
    if (!mayHoldShape(s)) {
      return;
    }
    Matcher m = BEARER.matcher(s);
    while (m.find()) {
      if (m.group(2).length() >= MIN_SECRET_LENGTH) {
        into.add(m.group(2));
      }
    }
  }

  /** Maps, collections, arrays, optionals, records and beans: what a walk goes into. */
  static boolean isContainer(Object value) {
    return value instanceof Map<?, ?> || value instanceof Collection<?>
        || value instanceof Optional<?> || value.getClass().isArray() || Properties.has(value);
  }

  // ---- masking a copy

  private static Object mask(Object value, SecretScrubber scrubber, Map<Object, Boolean> path,
      int[] objects, int depth) {
    if (value == null || depth > MAX_DEPTH) {
      return value;
    }
    if (value instanceof String s) {
      return scrubber.scrub(s);
    }
    if (!isContainer(value)) {
      return value;
    }
    if (path.put(value, true) != null) {
      return CYCLE;
    }
    try {
      if (value instanceof Map<?, ?> map) {
        boolean changed = false;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
          String key = String.valueOf(e.getKey());
          Object v = looksSecret(key) ? MASK
              : mask(e.getValue(), scrubber, path, objects, depth + 1);
          changed |= v != e.getValue();
          out.put(key, v);
        }
        return changed ? Collections.unmodifiableMap(out) : value;
      }
      if (value instanceof Optional<?> o) {
        Object inner = o.orElse(null);
        Object v = mask(inner, scrubber, path, objects, depth + 1);
        return v == inner ? value : Optional.ofNullable(v);
      }
      if (value instanceof Collection<?> || value.getClass().isArray()) {
        List<Object> elements = elements(value);
        boolean changed = false;
        List<Object> out = new ArrayList<>(elements.size());
        for (Object e : elements) {
          Object v = mask(e, scrubber, path, objects, depth + 1);
          changed |= v != e;
          out.add(v);
        }
        return changed ? Collections.unmodifiableList(out) : value;
      }
      if (++objects[0] > MAX_OBJECTS) {
        return value;
      }
      Map<String, Object> props = Properties.of(value);
      boolean changed = false;
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : props.entrySet()) {
        Object v = looksSecret(e.getKey()) ? MASK
            : mask(e.getValue(), scrubber, path, objects, depth + 1);
        changed |= v != e.getValue();
        out.put(e.getKey(), v);
      }
      return changed ? Collections.unmodifiableMap(out) : value;
    } finally {
      path.remove(value);
    }
  }

  /** The elements of a collection or an array (primitive ones boxed). */
  static List<Object> elements(Object container) {
    if (container instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    int n = Array.getLength(container);
    List<Object> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(Array.get(container, i));
    }
    return out;
  }
}
