package io.github.trialbook.batch;

import java.util.Locale;

/** Which parameter names hold secrets, and how they are masked wherever they are shown. */
public final class Secrets {
  /** What a secret is replaced with. */
  public static final String MASK = "***";

  private static final String[] MARKERS = {"key", "token", "secret", "password", "authorization"};

  private Secrets() {}

  /** True when a parameter or header name looks like it holds a secret (case-insensitive). */
  public static boolean looksSecret(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    for (String marker : MARKERS) {
      if (lower.contains(marker)) {
        return true;
      }
    }
    return false;
  }
}
