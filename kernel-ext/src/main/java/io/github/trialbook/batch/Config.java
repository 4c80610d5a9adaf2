package io.github.trialbook.batch;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.PlainText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A named variant under test: a model, a prompt, a threshold, a sweep point. Immutable.
 *
 * <p>Parameters keep their insertion order. Parameters whose key looks like a secret ({@code key},
 * {@code token}, {@code secret}, {@code password}, {@code authorization}...), at any depth of
 * nested maps, lists and records, are shown as {@code ***} by {@link #toString()} and never
 * persisted in clear; see {@link Secrets} for the whole policy. A param must be a value the run
 * directory stores exactly (strings, numbers, booleans, enums, dates, lists, maps, records, beans;
 * see {@code ParamValues}), so the fingerprint sees when it changes: a lambda or an object
 * without properties is refused here, naming the config and the param.
 *
 * <pre>{@code
 * Config a = Config.of("A", Map.of("model", "m1", "threshold", 0.5));
 * double t = a.doubleParam("threshold");     // converts any number: Map.of("threshold", 1) too
 * String model = a.stringParam("model");
 * }</pre>
 */
public record Config(String name, Map<String, Object> params) {
  /** The JDK's message: "class java.lang.Integer cannot be cast to class java.lang.Double (...". */
  private static final Pattern CAST =
      Pattern.compile("class (\\S+) cannot be cast to class (\\S+)");


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

  /**
   * The parameter {@code key}, cast to what the caller expects; fails if it is absent. The cast
   * happens where the value is assigned (Java erases {@code T}), so a wrong type there is a bare
   * {@code ClassCastException}: read numbers with {@link #doubleParam}/{@link #intParam}, which
   * convert, or use {@link #param(String, Class)}, whose error names the param and the reader. A
   * trial that fails with such a cast gets the param, the type it holds and the reader to use
   * added to its error message.
   */
  @SuppressWarnings("unchecked")
  public <T> T param(String key) {
    return (T) held(key);
  }

  /**
   * The parameter {@code key} as a {@code type}; a value of another type fails with a message
   * naming the param, the type it holds and the reader to use.
   *
   * <pre>{@code
   * String model = config.param("model", String.class);
   * }</pre>
   */
  public <T> T param(String key, Class<T> type) {
    Object v = held(key);
    Class<?> boxed = type.isPrimitive() ? boxed(type) : type;
    if (boxed.isInstance(v)) {
      @SuppressWarnings("unchecked")
      T t = (T) v;
      return t;
    }
    throw wrongType(key, v, type.getSimpleName(), "param(\"" + key + "\", "
        + type.getSimpleName() + ".class)");
  }

  /** The number {@code key} as a double (an int 300 reads 300.0). */
  public double doubleParam(String key) {
    return number(key, "doubleParam").doubleValue();
  }

  /** The number {@code key} as an int; fails if it has a fraction or does not fit. */
  public int intParam(String key) {
    long v = longParam(key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new TrialbookException("param '" + key + "' of config " + name + " is " + v
          + ", which does not fit an int; read it with longParam(\"" + key + "\")");
    }
    return (int) v;
  }

  /** The number {@code key} as a long; fails if it has a fraction. */
  public long longParam(String key) {
    Number n = number(key, "longParam");
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    double d = n.doubleValue();
    if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) > 9.007199254740992E15) {
      throw new TrialbookException("param '" + key + "' of config " + name + " is " + n
          + ", which is not a whole number; read it with doubleParam(\"" + key + "\")");
    }
    return (long) d;
  }

  /** The boolean {@code key}; the strings "true" and "false" are accepted too. */
  public boolean boolParam(String key) {
    Object v = held(key);
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw wrongType(key, v, "a boolean", "boolParam");
  }

  /** The param {@code key} as text: a string as is, a number or boolean as written. */
  public String stringParam(String key) {
    Object v = held(key);
    if (v instanceof String || v instanceof Number || v instanceof Boolean
        || v instanceof Character || v instanceof Enum) {
      return v.toString();
    }
    throw wrongType(key, v, "text", "stringParam");
  }

  private Object held(String key) {
    Object value = params.get(key);
    if (value == null) {
      throw new TrialbookException("config " + name + " has no param '" + key + "'; it has "
          + params.keySet());
    }
    return value;
  }

  private Number number(String key, String reader) {
    Object v = held(key);
    if (v instanceof Number n) {
      return n;
    }
    throw wrongType(key, v, "a number", reader);
  }

  private TrialbookException wrongType(String key, Object v, String wanted, String reader) {
    return new TrialbookException("param '" + key + "' of config " + name + " holds a "
        + v.getClass().getSimpleName() + " (" + (Secrets.looksSecret(key) ? Secrets.MASK : v)
        + "), not " + wanted + ", so " + reader + " cannot read it; read it with "
        + readerFor(v) + "(\"" + key + "\")");
  }

  /**
   * For a {@code ClassCastException} thrown where a {@link #param(String)} value was assigned:
   * the params of this config holding the class the cast came from, with the reader that
   * converts them to the class it went to; empty when no param holds that class.
   */
  Optional<String> castHint(ClassCastException e) {
    Matcher m = CAST.matcher(String.valueOf(e.getMessage()));
    if (!m.find()) {
      return Optional.empty();
    }
    String from = m.group(1);
    String to = m.group(2);
    List<String> hints = new ArrayList<>();
    params.forEach((key, v) -> {
      if (v.getClass().getName().equals(from)) {
        boolean scalar = v instanceof Number || v instanceof Boolean || v instanceof String;
        String shown = !scalar ? "" : " (" + (Secrets.looksSecret(key) ? Secrets.MASK : v) + ")";
        hints.add("param '" + key + "' of config " + name + " holds a "
            + v.getClass().getSimpleName() + shown + "; read it with " + readerTo(to, key));
      }
    });
    return hints.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", hints));
  }

  private static String readerTo(String className, String key) {
    String reader = switch (className) {
      case "java.lang.Double", "java.lang.Float" -> "doubleParam";
      case "java.lang.Integer", "java.lang.Short", "java.lang.Byte" -> "intParam";
      case "java.lang.Long" -> "longParam";
      case "java.lang.Boolean" -> "boolParam";
      case "java.lang.String" -> "stringParam";
      default -> null;
    };
    String simple = className.substring(className.lastIndexOf('.') + 1);
    return "t.config()." + (reader == null ? "param(\"" + key + "\", " + simple + ".class)"
        : reader + "(\"" + key + "\")");
  }

  private static String readerFor(Object v) {
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return "intParam";
    }
    if (v instanceof Long) {
      return "longParam";
    }
    if (v instanceof Number) {
      return "doubleParam";
    }
    if (v instanceof Boolean) {
      return "boolParam";
    }
    if (v instanceof String || v instanceof Character || v instanceof Enum) {
      return "stringParam";
    }
    return "param";
  }

  private static Class<?> boxed(Class<?> primitive) {
    return switch (primitive.getName()) {
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "double" -> Double.class;
      case "boolean" -> Boolean.class;
      case "float" -> Float.class;
      case "short" -> Short.class;
      case "byte" -> Byte.class;
      default -> Character.class;
    };
  }

  /**
   * The parameters as they may be shown and persisted: secrets masked as {@code ***} at any
   * depth, by the {@link Secrets} policy (nested maps, lists, records; {@code Bearer} tokens).
   */
  public Map<String, Object> redactedParams() {
    return Secrets.redact(params);
  }

  @Override
  public String toString() {
    return PlainText.escape("Config[" + name + ", " + redactedParams() + "]");
  }
}
