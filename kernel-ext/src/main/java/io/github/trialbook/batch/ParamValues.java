package io.github.trialbook.batch;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.TemporalAccessor;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What a config param may hold: values the run directory stores exactly, so the fingerprint sees
 * every change of a param (a lambda was stored as {@code {}}: changing it went unseen). Allowed:
 * strings, numbers ({@code int}, {@code long}, {@code double}, {@code float}, {@code short},
 * {@code byte}, {@code BigInteger}, {@code BigDecimal}), booleans, chars, enums, java.time values,
 * UUIDs, paths, URIs, {@code Optional}s, and lists, sets, arrays and maps of those, records of
 * those, and beans with at least one public getter. Refused: lambdas and method references,
 * objects without properties (such as {@code new Object()}), and values that contain themselves.
 */
final class ParamValues {
  private static final String ALLOWED = "a param must be a value the run directory can store "
      + "and compare, so that a change is seen: a string, number, boolean, enum, date/time, "
      + "UUID, path or URI, a list, set, array or map of those, or a record or bean of those";
  /** As deep as the trial log nests a value; deeper is almost surely a value that contains itself. */
  private static final int MAX_DEPTH = 256;

  private ParamValues() {}

  /** @throws BatchConfigException naming the config, the param, where in it, and what is allowed */
  static void check(String config, String key, Object value) {
    new Walk(config, key).check(value, key, 0);
  }

  private static final class Walk {
    private final String config;
    private final String key;
    private final IdentityHashMap<Object, Boolean> open = new IdentityHashMap<>();

    Walk(String config, String key) {
      this.config = config;
      this.key = key;
    }

    void check(Object v, String at, int depth) {
      if (v == null || isScalar(v)) {
        return;
      }
      if (depth > MAX_DEPTH) {
        throw refuse(at, "is nested deeper than " + MAX_DEPTH + " levels", "flatten it");
      }
      if (isFunction(v.getClass())) {
        throw refuse(at, "is a lambda or method reference (" + v.getClass().getName() + ")",
            "pass the choice as a name or a value (e.g. \"scorer\": \"bm25\") and pick the "
                + "function in the stage");
      }
      if (open.put(v, Boolean.TRUE) != null) {
        throw refuse(at, "contains itself", "pass a copy without the cycle");
      }
      try {
        children(v, at, depth);
      } finally {
        open.remove(v);
      }
    }

    private void children(Object v, String at, int depth) {
      if (v instanceof Optional<?> o) {
        check(o.orElse(null), at, depth);
      } else if (v instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
          Object k = e.getKey();
          if (k == null || !isScalar(k)) {
            throw refuse(at, "has a map key " + (k == null ? "null" : "of type "
                + k.getClass().getName()), "use string (or number, enum) keys");
          }
          check(e.getValue(), at + "." + k, depth + 1);
        }
      } else if (v instanceof Collection<?> list) {
        int i = 0;
        for (Object e : list) {
          check(e, at + "[" + i++ + "]", depth + 1);
        }
      } else if (v instanceof Object[] array) {
        for (int i = 0; i < array.length; i++) {
          check(array[i], at + "[" + i + "]", depth + 1);
        }
      } else if (v.getClass().isArray()) {
        return; // primitive arrays are written element by element
      } else if (v instanceof Record r) {
        for (RecordComponent c : r.getClass().getRecordComponents()) {
          Optional<Object> component = component(r, c);
          if (component.isPresent()) {
            check(component.get(), at + "." + c.getName(), depth + 1);
          }
        }
      } else if (!hasProperties(v.getClass())) {
        throw refuse(at, "is a " + v.getClass().getName() + ", which has no public getters, so "
            + "it would be stored as {} and a change to it would go unseen",
            "pass its settings as a map or a record");
      }
    }

    private BatchConfigException refuse(String at, String what, String fix) {
      String where = at.equals(key) ? "" : " (at " + at + ")";
      return new BatchConfigException("param '" + key + "' of config " + config + where + " "
          + what + "; " + ALLOWED + ". Fix: " + fix);
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Boolean || v instanceof Character
        || v instanceof Integer || v instanceof Long || v instanceof Double || v instanceof Float
        || v instanceof Short || v instanceof Byte || v instanceof BigInteger
        || v instanceof BigDecimal || v instanceof Enum<?> || v instanceof TemporalAccessor
        || v instanceof Duration || v instanceof UUID || v instanceof Path || v instanceof URI;
  }

  /** Lambdas and method references are hidden (or, before Java 15, synthetic) classes. */
  private static boolean isFunction(Class<?> c) {
    return c.isHidden() || c.isSynthetic() || c.getName().contains("$$Lambda");
  }

  /** A record component's value; empty when reflection may not read it (Jackson may, later). */
  private static Optional<Object> component(Record r, RecordComponent c) {
    Method accessor = c.getAccessor();
    try {
      if (!accessor.canAccess(r) && !accessor.trySetAccessible()) {
        return Optional.empty();
      }
      return Optional.ofNullable(accessor.invoke(r));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** Whether Jackson would find a property: a public getter or a public field. */
  private static boolean hasProperties(Class<?> c) {
    for (Method m : c.getMethods()) {
      String n = m.getName();
      boolean getter = (n.startsWith("get") && n.length() > 3 && !n.equals("getClass"))
          || (n.startsWith("is") && n.length() > 2 && (m.getReturnType() == boolean.class
              || m.getReturnType() == Boolean.class));
      if (getter && m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
          && m.getReturnType() != void.class) {
        return true;
      }
    }
    for (java.lang.reflect.Field f : c.getFields()) {
      if (!Modifier.isStatic(f.getModifiers())) {
        return true;
      }
    }
    return false;
  }
}
