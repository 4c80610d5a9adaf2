package io.github.trialbook.endpoint;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a server asks us to wait: {@code retry-after-ms} (OpenAI's extension) first,
 * then {@code Retry-After} as seconds (whole or decimal) or as an HTTP date.
 */
final class RetryAfterHeader {
  private RetryAfterHeader() {}

  static Optional<Duration> parse(HttpHeaders headers, long nowEpochMillis) {
    Optional<String> ms = headers.firstValue("retry-after-ms");
    if (ms.isPresent()) {
      Optional<Duration> d = seconds(ms.get(), 1e-3);
      if (d.isPresent()) {
        return d;
      }
    }
    return headers.firstValue("retry-after").flatMap(v -> parse(v, nowEpochMillis));
  }

  /** A {@code Retry-After} value: delta seconds or an HTTP date; empty when unreadable. */
  static Optional<Duration> parse(String value, long nowEpochMillis) {
    Optional<Duration> delta = seconds(value, 1.0);
    if (delta.isPresent()) {
      return delta;
    }
    try {
      long at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
          .toInstant().toEpochMilli();
      return Optional.of(Duration.ofMillis(Math.max(0, at - nowEpochMillis)));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> seconds(String value, double unitSeconds) {
    try {
      double v = Double.parseDouble(value.trim());
      if (!(v >= 0) || Double.isInfinite(v)) {
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos((long) Math.ceil(v * unitSeconds * 1e9)));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
