package io.github.trialbook.internal;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Argument validation with messages that name the field, the value and the fix. Not for users.
 *
 * <p>Every check throws the exception its caller's {@link ErrorFactory} makes (a builder passes
 * its project exception, e.g. {@code BatchConfigException::new}), so a whole spec fails with one
 * exception type before any work starts.
 */
public final class Checks {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern DOTS = Pattern.compile("\\.+");

  private Checks() {}

  /** Fails with {@code IllegalArgumentException}-like {@link RuntimeException} made by the caller. */
  public interface ErrorFactory {
    RuntimeException create(String message);
  }

  public static <T> T notNull(T value, String field, String fix, ErrorFactory error) {
    if (value == null) {
      throw error.create(field + " cannot be null; " + fix);
    }
    return value;
  }

  /**
   * Names become column names and file names, so they are limited to {@code [A-Za-z0-9._-]}, and
   * a name of dots only ({@code .}, {@code ..}, ...) is refused: as a directory name it would
   * mean this directory or its parent (a batch named {@code ..} would checkpoint next to
   * {@code runs/}, not in it).
   */
  public static String name(String value, String field, ErrorFactory error) {
    notNull(value, field, "give a name made of letters, digits, '.', '_' or '-'", error);
    if (!NAME.matcher(value).matches()) {
      throw error.create(
          field + " must use only letters, digits, '.', '_' or '-' (was \"" + value
              + "\"); names become column and file names, rename it, e.g. \""
              + sanitize(value) + "\"");
    }
    if (DOTS.matcher(value).matches()) {
      throw error.create(field + " cannot be only dots (was \"" + value + "\"): as a file name "
          + "it means this or the parent directory; give a name with a letter or digit, e.g. \""
          + sanitize(value) + "\"");
    }
    return value;
  }

  /**
   * The index of the first char of {@code s} that is half of a surrogate pair without its other
   * half (text no UTF-8 file can hold), or -1 when {@code s} is well-formed.
   */
  public static int unpairedSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} with every surrogate char written as a Java escape (backslash, u, 4 hex digits). */
  public static String escapeSurrogates(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        sb.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A suggestion for a name that {@link #name} rejected. */
  public static String sanitize(String value) {
    String cleaned = value.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^_+|_+$", "");
    return cleaned.isEmpty() || DOTS.matcher(cleaned).matches() ? "name" : cleaned;
  }

  public static Duration positive(Duration value, String field, String fix, ErrorFactory error) {
    notNull(value, field, fix, error);
    if (value.isNegative() || value.isZero()) {
      throw error.create(field + " must be positive (was " + value + "); " + fix);
    }
    return value;
  }
}
