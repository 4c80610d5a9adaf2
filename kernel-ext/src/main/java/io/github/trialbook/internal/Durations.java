package io.github.trialbook.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Durations and wall-clock times as messages and views show them (Locale.ROOT, UTC). */
public final class Durations {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private Durations() {}

  /** {@code 250 ms}, {@code 4.9 s}, {@code 59 min 59 s}, {@code 2 h 5 min}; negatives as zero. */
  public static String readable(Duration d) {
    long ms = Math.max(0, d.toMillis());
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      long tenths = ms / 100;
      return tenths % 10 == 0 ? tenths / 10 + " s"
          : String.format(Locale.ROOT, "%d.%d s", tenths / 10, tenths % 10);
    }
    long s = ms / 1_000;
    if (s < 3_600) {
      return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
    }
    long min = s / 60;
    return min / 60 + " h" + (min % 60 == 0 ? "" : " " + min % 60 + " min");
  }

  /** Seconds, exact to the millisecond: {@code 3600 s}, {@code 0.25 s}. */
  public static String seconds(Duration d) {
    return java.math.BigDecimal.valueOf(Math.max(0, d.toMillis()), 3).stripTrailingZeros()
        .toPlainString() + " s";
  }

  /**
   * {@code at} as {@code 12:03:10 UTC (59 min 59 s)} seen from {@code nowMillis}; the date is
   * added when it is not the same UTC day.
   */
  public static String untilUtc(long atMillis, long nowMillis) {
    Instant at = Instant.ofEpochMilli(atMillis);
    boolean sameDay = atMillis / 86_400_000L == nowMillis / 86_400_000L;
    return (sameDay ? TIME : DATE_TIME).format(at) + " UTC ("
        + readable(Duration.ofMillis(atMillis - nowMillis)) + ")";
  }
}
