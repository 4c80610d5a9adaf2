package io.github.trialbook.batch;

/**
 * A callback run once when a batch ends, however it ends; see
 * {@link BatchSpec.Builder#onFinish}. It receives the batch's final result, the
 * {@code io.github.trialbook.BatchResult} that {@code runBatch} returns. This package names no
 * result type (the result lives above it), so {@code R} is what the lambda declares: declare the
 * parameter as {@code BatchResult} to use its methods.
 *
 * <pre>{@code
 * .onFinish((BatchResult r) -> r.table().write().csv("out.csv"))
 * }</pre>
 *
 * @param <R> the type the callback declares for the result: {@code BatchResult} or a supertype
 *     of it ({@code Object}, {@code Renderable})
 */
@FunctionalInterface
public interface OnFinish<R> {
  /**
   * Called once, on the batch's on-finish thread, with the final result. Anything it throws is
   * logged and kept as a note of the result; it never reaches {@code runBatch}.
   */
  void accept(R result) throws Exception;
}
