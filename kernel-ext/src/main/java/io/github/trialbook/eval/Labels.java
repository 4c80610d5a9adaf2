package io.github.trialbook.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The label dictionary shared by a truth and a prediction source: every distinct label gets an
 * int code once, so counting is array indexing. Labels are normalised as scikit-learn compares
 * them: integral numbers of any type are equal ({@code 1 == 1L == 1.0}), strings and booleans are
 * kept; mixing kinds (string and number) is refused. Not thread-safe.
 */
final class Labels {
  private enum Kind { STRING, NUMBER, BOOLEAN }

  private final Map<Object, Integer> codes = new HashMap<>();
  private final List<Object> values = new ArrayList<>();
  private Kind kind;
  private String kindSource;
  private Object kindExample;
  private Object lastRaw;
  private int lastCode = -1;

  /** The code of a label, adding it when new. {@code raw} must not be null. */
  int code(Object raw, String source) {
    if (raw == lastRaw) {
      return lastCode;
    }
    Object label = normalize(raw, source);
    Integer code = codes.get(label);
    if (code == null) {
      checkKind(label, source);
      code = values.size();
      codes.put(label, code);
      values.add(label);
    }
    lastRaw = raw;
    lastCode = code;
    return code;
  }

  /** The code of a label, or -1 when it never occurred. */
  int find(Object raw, String source) {
    Integer code = codes.get(normalize(raw, source));
    return code == null ? -1 : code;
  }

  int size() {
    return values.size();
  }

  /** The number of labels, refused beyond {@code limit}: what {@code what} can count. */
  int requireAtMost(int limit, String what) {
    if (values.size() > limit) {
      throw new EvalArgumentException(String.format(Locale.ROOT,
          "%s support up to %d labels (found %d); map rare labels to \"other\" with "
              + "ValueSource.of(name, row -> ...)", what, limit, values.size()));
    }
    return values.size();
  }

  Object value(int code) {
    return values.get(code);
  }

  List<Object> values() {
    return List.copyOf(values);
  }

  /** Codes in scikit-learn's order: strings lexicographically, numbers numerically, false before true. */
  int[] sortedCodes() {
    Integer[] order = new Integer[values.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparing(values::get, Labels::compare));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  static int compare(Object a, Object b) {
    return ((Comparable) a).compareTo(b);
  }

  /** Label text as shown in tables: numbers without a decimal point, booleans as true/false. */
  static String text(Object label) {
    return String.valueOf(label);
  }

  /** Labels as messages show them, strings quoted: {@code ["cat", "dog"]}, {@code [0, 1]}. */
  static String texts(List<Object> labels) {
    List<String> out = new ArrayList<>();
    for (Object label : labels) {
      out.add(describe(label));
    }
    return out.toString();
  }

  /**
   * The labels a caller listed in {@code labels(...)}, checked: at least one, none null, each
   * once; {@code purpose} ends "pass the classes to ...", e.g. "report".
   */
  static List<Object> listed(Object[] labels, String purpose) {
    if (labels == null || labels.length == 0) {
      throw new EvalArgumentException("labels cannot be empty; pass the classes to " + purpose
          + ", e.g. labels(\"cat\", \"dog\")");
    }
    Set<Object> seen = new HashSet<>();
    for (Object label : labels) {
      if (label == null) {
        throw new EvalArgumentException("labels cannot contain null (were "
            + Arrays.toString(labels) + "); pass class values only, e.g. labels(\"cat\", \"dog\")");
      }
      if (!seen.add(normalize(label, "labels(...)"))) {
        throw new EvalArgumentException(
            "labels contains " + label + " twice; list each class once");
      }
    }
    return List.of(labels);
  }

  static Object normalize(Object raw, String source) {
    if (raw instanceof String || raw instanceof Boolean || raw instanceof Long) {
      return raw;
    }
    if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
      return ((Number) raw).longValue();
    }
    if (raw instanceof Double || raw instanceof Float) {
      double d = ((Number) raw).doubleValue();
      if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 9.0e15) {
        return (long) d;
      }
      throw new EvalArgumentException(
          String.format(Locale.ROOT,
              "%s holds the non-integer value %s, which is not a class label; for scores use "
                  + "Metrics.roc/precisionRecall/thresholds, or map scores to labels with "
                  + "ValueSource.of(name, row -> ...)", source, raw));
    }
    if (raw instanceof Character) {
      return raw.toString();
    }
    throw new EvalArgumentException(
        source + " holds a value of type " + raw.getClass().getSimpleName() + " (" + raw
            + "); labels must be strings, integers or booleans; convert it with "
            + "ValueSource.of(name, row -> ...)");
  }

  private void checkKind(Object label, String source) {
    Kind k = label instanceof String ? Kind.STRING
        : label instanceof Boolean ? Kind.BOOLEAN : Kind.NUMBER;
    if (kind == null) {
      kind = k;
      kindSource = source;
      kindExample = label;
    } else if (kind != k) {
      throw new EvalArgumentException(
          "mix of label types: " + kindSource + " has " + kind.name().toLowerCase(Locale.ROOT)
              + " labels (e.g. " + describe(kindExample) + ") but " + source + " has "
              + k.name().toLowerCase(Locale.ROOT) + " labels (e.g. " + describe(label)
              + "); make both the same type, e.g. ValueSource.of(name, row -> String.valueOf(...))");
    }
  }

  /** A label as messages show it: a string quoted, e.g. {@code "cat"}. */
  static String describe(Object label) {
    return label instanceof String ? "\"" + label + "\"" : String.valueOf(label);
  }
}
