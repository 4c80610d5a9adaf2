package io.github.trialbook.batch;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The readable properties of a record (its components) or a bean (public no-argument
 * {@code getX()} / {@code isX()} methods), found once per class, so the secret policy can look
 * inside them as the checkpoint does. JDK types, enums and arrays have none.
 */
final class Properties {
  private record Accessor(String name, Method method) {}

  private static final ClassValue<Accessor[]> ACCESSORS = new ClassValue<>() {
    @Override
    protected Accessor[] computeValue(Class<?> type) {
      return find(type);
    }
  };

  private Properties() {}

  /** True when {@code value} is a record or a bean with at least one property. */
  static boolean has(Object value) {
    return ACCESSORS.get(value.getClass()).length > 0;
  }

  /** Property name → value, in declaration order; a getter that throws is left out. */
  static Map<String, Object> of(Object value) {
    Accessor[] accessors = ACCESSORS.get(value.getClass());
    if (accessors.length == 0) {
      return Map.of();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Accessor a : accessors) {
      try {
        out.put(a.name(), a.method().invoke(value));
      } catch (ReflectiveOperationException | RuntimeException e) {
        // unreadable: nothing can be shown or persisted from it either
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** The property names of {@code value}'s class, in the order {@link #values} reads them. */
  static String[] names(Object value) {
    Accessor[] accessors = ACCESSORS.get(value.getClass());
    String[] names = new String[accessors.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = accessors[i].name();
    }
    return names;
  }

  /** The property values of {@code value}; {@link #UNREADABLE} where a getter threw. */
  static Object[] values(Object value) {
    Accessor[] accessors = ACCESSORS.get(value.getClass());
    Object[] out = new Object[accessors.length];
    for (int i = 0; i < out.length; i++) {
      try {
        out[i] = accessors[i].method().invoke(value);
      } catch (ReflectiveOperationException | RuntimeException e) {
        out[i] = UNREADABLE;
      }
    }
    return out;
  }

  /** Marks a property whose getter threw. */
  static final Object UNREADABLE = new Object();

  private static Accessor[] find(Class<?> type) {
    String name = type.getName();
    if (type.isArray() || type.isEnum() || type.isPrimitive() || name.startsWith("java.")
        || name.startsWith("javax.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("com.sun.")) {
      return new Accessor[0];
    }
    List<Accessor> found = new ArrayList<>();
    if (type.isRecord()) {
      for (RecordComponent c : type.getRecordComponents()) {
        add(found, c.getName(), c.getAccessor());
      }
    } else {
      Method[] methods = type.getMethods();
      java.util.Arrays.sort(methods, java.util.Comparator.comparing(Method::getName));
      for (Method m : methods) {
        String bean = beanName(m);
        if (bean != null) {
          add(found, bean, m);
        }
      }
    }
    return found.toArray(new Accessor[0]);
  }

  private static String beanName(Method m) {
    if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0
        || m.getReturnType() == void.class || m.getDeclaringClass() == Object.class) {
      return null;
    }
    String n = m.getName();
    int prefix = n.startsWith("get") ? 3 : n.startsWith("is") && (m.getReturnType()
        == boolean.class || m.getReturnType() == Boolean.class) ? 2 : 0;
    if (prefix == 0 || n.length() == prefix) {
      return null;
    }
    return Character.toLowerCase(n.charAt(prefix)) + n.substring(prefix + 1);
  }

  private static void add(List<Accessor> found, String name, Method method) {
    try {
      method.setAccessible(true); // records declared in a notebook cell are not public
    } catch (RuntimeException e) {
      // a public method of a public type needs no help
    }
    found.add(new Accessor(name, method));
  }
}
