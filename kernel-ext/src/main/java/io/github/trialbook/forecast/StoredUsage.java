package io.github.trialbook.forecast;

import io.github.trialbook.batch.Usage;
import java.util.Map;

/**
 * The usage a stage output carries: the output itself when it is a {@link Usage}, or the same
 * two properties of a map, which is how a run directory gives a {@code Usage} record back.
 */
record StoredUsage(int totalTokens, double costUsd) implements Usage {
  /** The usage of {@code output}, or null when it carries none. */
  static Usage of(Object output) {
    if (output instanceof Usage u) {
      return u;
    }
    if (output instanceof Map<?, ?> m && m.get("totalTokens") instanceof Number tokens) {
      return new StoredUsage(tokens.intValue(),
          m.get("costUsd") instanceof Number cost ? cost.doubleValue() : 0);
    }
    return null;
  }
}
