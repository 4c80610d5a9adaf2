package io.github.trialbook.batch;

import io.github.trialbook.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A named variant under test: a model, a prompt, a threshold, a sweep point. Immutable.
 *
 * <p>Parameters keep their insertion order. Parameters whose key looks like a secret ({@code key},
 * {@code token}, {@code secret}, {@code password}, {@code authorization}) are shown as {@code ***}
 * by {@link #toString()} and never persisted in clear. A param must be a value the run
 * directory stores exactly (strings, numbers, booleans, enums, dates, lists, maps, records, beans;
 * see {@code ParamValues}), so the fingerprint sees when it changes: a lambda or an object
 * without properties is refused here, naming the config and the param.
 *
 * <pre>{@code
 * Config a = Config.of("A", Map.of("model", "m1", "threshold", 0.5));
 * double t = a.param("threshold");
 * }</pre>
 */
public record Config(String name, Map<String, Object> params) {

  public Config {
    Checks.name(name, "config name", BatchConfigException::new);
    Checks.notNull(params, "params of config " + name, "pass Map.of() for none",
        BatchConfigException::new);
    Map<String, Object> copy = new LinkedHashMap<>();
    params.forEach((k, v) -> {
      Checks.notNull(k, "a param key of config " + name, "remove the null key",
          BatchConfigException::new);
      Checks.notNull(v, "param '" + k + "' of config " + name, "remove it or give a value",
          BatchConfigException::new);
      ParamValues.check(name, k, v);
      copy.put(k, v);
    });
    params = Collections.unmodifiableMap(copy);
  }

  public static Config of(String name, Map<String, ?> params) {
    return new Config(name, Collections.<String, Object>unmodifiableMap(params));
  }

  public static Config of(String name) {
    return new Config(name, Map.of());
  }

  /** The parameter {@code key}, cast to what the caller expects; fails if it is absent. */
  @SuppressWarnings("unchecked")
  public <T> T param(String key) {
    Object value = params.get(key);
    if (value == null) {
      throw new TrialbookException("config " + name + " has no param '" + key + "'; it has "
          + params.keySet());
    }
    return (T) value;
  }

  /** The parameters with secret-looking values replaced by {@code ***}. */
  public Map<String, Object> redactedParams() {
    Map<String, Object> out = new LinkedHashMap<>();
    params.forEach((k, v) -> out.put(k, Secrets.looksSecret(k) ? Secrets.MASK : v));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "Config[" + name + ", " + redactedParams() + "]";
  }
}
