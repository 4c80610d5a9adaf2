package io.github.trialbook.batch;

/**
 * A stage output that says what it consumed: tokens and, when its endpoint declares prices, US
 * dollars. The engine sums it per config for the live view, the result and budgets; the endpoint
 * pool's {@code ChatResult} is one. Implement it on your own output record to have a stage that
 * calls a paid service counted too.
 *
 * <pre>{@code
 * record Answer(String text, int totalTokens, double costUsd) implements Usage {}
 * }</pre>
 */
public interface Usage {
  /** Tokens in and out, 0 when unknown. */
  int totalTokens();

  /** What the call cost in US dollars, 0 when free or unpriced (a cache hit costs nothing). */
  double costUsd();

  /**
   * The usage an output reports: the output itself when it is a {@code Usage}, or, for an output
   * read back from a run directory (a map of its fields), its {@code totalTokens} and
   * {@code costUsd} entries; null when it reports none.
   */
  static Usage of(Object output) {
    if (output instanceof Usage u) {
      return u;
    }
    if (output instanceof java.util.Map<?, ?> m && (m.get("costUsd") instanceof Number
        || m.get("totalTokens") instanceof Number)) {
      int tokens = m.get("totalTokens") instanceof Number n ? n.intValue() : 0;
      double cost = m.get("costUsd") instanceof Number n ? n.doubleValue() : 0;
      return new Usage() {
        @Override
        public int totalTokens() {
          return tokens;
        }

        @Override
        public double costUsd() {
          return cost;
        }
      };
    }
    return null;
  }
}
