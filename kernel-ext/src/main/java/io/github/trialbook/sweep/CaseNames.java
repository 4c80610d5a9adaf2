package io.github.trialbook.sweep;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Secrets;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The default case name of a sweep point and the rules every case name obeys. Names become
 * directory names on every OS, so they keep to {@code [A-Za-z0-9._-]}, at most {@link #MAX}
 * characters, and are never a Windows device name.
 */
final class CaseNames {
  static final int MAX = 64;
  private static final int HASH = 8;
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Set<String> RESERVED = Set.of("CON", "PRN", "AUX", "NUL", "COM1", "COM2",
      "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4",
      "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

  private CaseNames() {}

  /** {@code key + value} for every param in the point's order, joined by {@code _}, capped. */
  static String of(Map<String, Object> point) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Object> e : point.entrySet()) {
      if (sb.length() > 0) {
        sb.append('_');
      }
      // a secret's value never goes into a directory name: its hash still tells points apart
      sb.append(safe(e.getKey())).append(Secrets.looksSecret(e.getKey())
          ? "-" + hash(Map.of(e.getKey(), e.getValue())) : value(e.getValue()));
    }
    String name = sb.toString();
    if (name.length() <= MAX) {
      return name;
    }
    String prefix = name.substring(0, MAX - HASH - 1).replaceAll("[._-]+$", "");
    return prefix + "_" + hash(point);
  }

  /** A value as researchers write it in file names: 0.1 → 0p1, -3 → m3, 1e-3 → 0p001. */
  static String value(Object v) {
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "inf" : "minf";
      }
      String plain = v instanceof Float ? new BigDecimal(v.toString()).stripTrailingZeros().toPlainString()
          : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
      if (plain.indexOf('.') < 0) {
        plain = plain + ".0";
      }
      return number(plain);
    }
    if (v instanceof BigDecimal b) {
      return number(b.toPlainString());
    }
    if (v instanceof Number) {
      return number(v.toString());
    }
    return safe(String.valueOf(v));
  }

  private static String number(String plain) {
    return plain.replace('-', 'm').replace('.', 'p');
  }

  private static String safe(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /** A stable 8-character hash of the full point (keys, value types and values). */
  static String hash(Map<String, Object> point) {
    StringBuilder canonical = new StringBuilder();
    point.forEach((k, v) -> canonical.append(k).append('=').append(v.getClass().getName())
        .append(':').append(v).append('\n'));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < HASH / 2; i++) {
        hex.append(String.format(Locale.ROOT, "%02x", d[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** Fails unless {@code name} is a usable case name; {@code point} says which point it names. */
  static String check(String name, Map<String, Object> point) {
    Map<String, Object> of = Secrets.redact(point);
    if (name == null || name.isEmpty()) {
      throw new BatchConfigException("the sweep's name rule gave " + (name == null ? "null" : "\"\"")
          + " for point " + of + "; return a non-empty name");
    }
    point.forEach((key, v) -> {
      String text = String.valueOf(v);
      if (Secrets.looksSecret(key) && text.length() >= 3 && name.contains(text)) {
        throw new BatchConfigException("the case name of point " + of + " holds the value of "
            + "secret param '" + key + "'; names become directory names, table cells and log "
            + "lines: leave the secret out of the name rule");
      }
    });
    if (!SAFE.matcher(name).matches() || name.chars().allMatch(c -> c == '.')) {
      throw new BatchConfigException("case name \"" + name + "\" of point " + of + " must use only "
          + "letters, digits, '.', '_' or '-' and not be only dots; it becomes a directory name. "
          + "Fix the name rule, e.g. replace other characters with '_'");
    }
    if (name.length() > MAX) {
      throw new BatchConfigException("case name \"" + name + "\" of point " + of + " has "
          + name.length() + " characters, more than " + MAX + "; shorten the name rule");
    }
    if (name.endsWith(".")) {
      throw new BatchConfigException("case name \"" + name + "\" of point " + of + " ends with "
          + "'.', which Windows drops from directory names; change the name rule");
    }
    int dot = name.indexOf('.');
    String stem = (dot < 0 ? name : name.substring(0, dot)).toUpperCase(Locale.ROOT);
    if (RESERVED.contains(stem)) {
      throw new BatchConfigException("case name \"" + name + "\" of point " + of + " is a "
          + "reserved device name on Windows (" + stem + "); change the name rule or the value, "
          + "e.g. \"" + name + "_\"");
    }
    return name;
  }
}
