package io.github.trialbook.eval;

/**
 * An evaluation or chart cannot use what it was given: a setting of a metric or chart builder
 * (a bootstrap with 5 resamples, a chart 20 pixels wide), a column that does not exist, or values
 * the metric cannot read (a missing truth, a NaN score, a positive label that does not occur). A
 * setting fails when its builder method is called, a column or value when the metric reads its
 * table; no partial result is returned, and the message names the field, the value and the fix.
 *
 * <p>Like {@code endpoint.EndpointConfigException} it extends {@link IllegalArgumentException}:
 * code catching that keeps working, and a stage that computes a metric is not retried by
 * {@link io.github.trialbook.batch.Retry#DEFAULT_RETRYABLE}, since retrying cannot fix the input.
 *
 * <pre>{@code
 * Bootstrap.builder().resamples(5);
 * // EvalArgumentException: resamples must be at least 10 (was 5); use 1000 or more ...
 * }</pre>
 */
public class EvalArgumentException extends IllegalArgumentException {
  public EvalArgumentException(String message) {
    super(message);
  }
}
