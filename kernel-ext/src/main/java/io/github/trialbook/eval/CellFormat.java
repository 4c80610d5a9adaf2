package io.github.trialbook.eval;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Formats the shown cells of one column the way pandas displays a DataFrame: one format for the
 * whole column, chosen from the values shown, so decimals line up. The rules are those of
 * {@link TableWriter}; the values themselves are never changed.
 */
final class CellFormat {
  private static final int SIGNIFICANT = 4;
  private static final int MAX_DECIMALS = 6;
  private static final double SMALLEST_FIXED = 1e-4;
  private static final double LARGE = 1e6;
  private static final int LONGEST_FIXED = 12;
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern(
      "yyyy-MM-dd HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern(
      "yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final DateTimeFormatter TIME_SECONDS = DateTimeFormatter.ofPattern(
      "HH:mm:ss", Locale.ROOT);
  private static final DateTimeFormatter TIME_MILLIS = DateTimeFormatter.ofPattern(
      "HH:mm:ss.SSS", Locale.ROOT);

  private CellFormat() {}

  /** One string per value, in order; a null (missing) value becomes the empty string. */
  static List<String> column(List<?> values) {
    Object first = values.stream().filter(v -> v != null).findFirst().orElse(null);
    if (first instanceof Double || first instanceof Float) {
      return floats(values);
    }
    if (first instanceof Instant || first instanceof LocalDateTime || first instanceof LocalTime) {
      return times(values);
    }
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(v == null ? "" : String.valueOf(v));
    }
    return out;
  }

  private static List<String> floats(List<?> values) {
    int decimals = 1;
    double smallest = Double.POSITIVE_INFINITY;
    double largest = 0;
    for (Object v : values) {
      double d = v instanceof Number n ? Math.abs(n.doubleValue()) : Double.NaN;
      if (Double.isFinite(d) && d != 0) {
        decimals = Math.max(decimals, SIGNIFICANT - 1 - magnitude(d));
        smallest = Math.min(smallest, d);
        largest = Math.max(largest, d);
      }
    }
    decimals = Math.min(decimals, MAX_DECIMALS);
    List<String> fixed = trimZeros(format(values, "%." + decimals + "f"));
    int longest = fixed.stream().mapToInt(String::length).max().orElse(0);
    boolean scientific = smallest < SMALLEST_FIXED || largest >= LARGE && longest > LONGEST_FIXED;
    return scientific ? format(values, "%." + (SIGNIFICANT - 1) + "e") : fixed;
  }

  /** The decimal exponent of {@code abs}: 1 for 36.1, -2 for 0.012. */
  private static int magnitude(double abs) {
    BigDecimal d = BigDecimal.valueOf(abs);
    return d.precision() - d.scale() - 1;
  }

  private static List<String> format(List<?> values, String pattern) {
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(v == null ? "" : number(((Number) v).doubleValue(), pattern));
    }
    return out;
  }

  private static String number(double d, String pattern) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return String.format(Locale.ROOT, pattern, d);
  }

  /** Drops trailing zeros the column shares, keeping one decimal: 0.5000, 1.2500 → 0.50, 1.25. */
  private static List<String> trimZeros(List<String> cells) {
    List<String> out = new ArrayList<>(cells);
    while (out.stream().allMatch(CellFormat::endsInTrimmableZero)) {
      if (out.stream().noneMatch(CellFormat::isDecimal)) {
        break;
      }
      out.replaceAll(s -> isDecimal(s) ? s.substring(0, s.length() - 1) : s);
    }
    return out;
  }

  private static boolean isDecimal(String s) {
    return s.indexOf('.') >= 0;
  }

  /** Not a number (empty, NaN, inf) or a number ending in 0 with at least two decimals. */
  private static boolean endsInTrimmableZero(String s) {
    int dot = s.indexOf('.');
    return dot < 0 || s.endsWith("0") && s.length() - dot > 2;
  }

  private static List<String> times(List<?> values) {
    boolean millis = values.stream().anyMatch(v -> v != null && nanos(v) != 0);
    List<String> out = new ArrayList<>(values.size());
    for (Object v : values) {
      out.add(v == null ? "" : time(v, millis));
    }
    return out;
  }

  private static int nanos(Object v) {
    if (v instanceof Instant i) {
      return i.getNano();
    }
    return v instanceof LocalDateTime t ? t.getNano() : ((LocalTime) v).getNano();
  }

  private static String time(Object v, boolean millis) {
    if (v instanceof LocalTime t) {
      return (millis ? TIME_MILLIS : TIME_SECONDS).format(t);
    }
    TemporalAccessor t = v instanceof Instant i ? i.atOffset(ZoneOffset.UTC) : (LocalDateTime) v;
    return (millis ? MILLIS : SECONDS).format(t) + (v instanceof Instant ? "Z" : "");
  }
}
