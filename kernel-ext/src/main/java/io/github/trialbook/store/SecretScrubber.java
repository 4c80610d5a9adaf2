package io.github.trialbook.store;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Secrets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps secrets out of files. Params whose key looks secret ({@link Secrets#looksSecret}) are
 * masked at any depth; their values are also cut out of every persisted string (error messages,
 * stack frames, outputs), since an exception message may echo a key it was given.
 */
final class SecretScrubber {
  /** Shorter values would mask ordinary text; no real key is this short. */
  private static final int MIN_SECRET_LENGTH = 4;

  static final SecretScrubber NONE = new SecretScrubber(new String[0]);

  private final String[] secrets;

  private SecretScrubber(String[] secrets) {
    this.secrets = secrets;
  }

  static SecretScrubber of(Collection<Config> configs) {
    Set<String> values = new LinkedHashSet<>();
    for (Config config : configs) {
      collect(config.params(), false, values);
    }
    return values.isEmpty() ? NONE : new SecretScrubber(values.toArray(new String[0]));
  }

  private static void collect(Object value, boolean secret, Set<String> into) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> collect(v, secret || Secrets.looksSecret(String.valueOf(k)), into));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> collect(v, secret, into));
    } else if (secret && value != null) {
      String s = String.valueOf(value);
      if (s.length() >= MIN_SECRET_LENGTH) {
        into.add(s);
        // "Bearer sk-..." headers: the token alone is the secret too.
        int space = s.lastIndexOf(' ');
        if (space >= 0 && s.length() - space - 1 >= MIN_SECRET_LENGTH) {
          into.add(s.substring(space + 1));
        }
      }
    }
  }

  String scrub(String text) {
    if (text == null || secrets.length == 0) {
      return text;
    }
    String out = text;
    for (String secret : secrets) {
      if (out.contains(secret)) {
        out = out.replace(secret, Secrets.MASK);
      }
    }
    return out;
  }

  /** A copy of {@code params} with secret-looking keys masked at any depth. */
  static Map<String, Object> redact(Map<String, ?> params) {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, Secrets.looksSecret(k) ? Secrets.MASK : redactValue(v)));
    return out;
  }

  private static Object redactValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> {
        String key = String.valueOf(k);
        out.put(key, Secrets.looksSecret(key) ? Secrets.MASK : redactValue(v));
      });
      return out;
    }
    if (value instanceof Collection<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      list.forEach(v -> out.add(redactValue(v)));
      return out;
    }
    return value;
  }
}
