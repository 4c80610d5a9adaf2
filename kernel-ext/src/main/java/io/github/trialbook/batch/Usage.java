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
}
