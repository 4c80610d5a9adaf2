package io.github.trialbook.endpoint;

/**
 * One endpoint at one moment, as the live view shows it. Immutable; holds no secret (the last
 * error and the down reason are redacted before they are stored).
 *
 * @param name the endpoint's name
 * @param model the endpoint's model
 * @param state up, down, recovering, or paused (after a Retry-After)
 * @param inFlight requests running now
 * @param limit requests allowed in flight now (adaptive limits move)
 * @param maxConcurrency the configured maximum
 * @param requests answered or failed requests so far
 * @param errors failed requests so far (429 included)
 * @param p50Ms median latency of recent successful requests, NaN before the first
 * @param p95Ms 95th percentile of the same
 * @param restarts recoveries run so far
 * @param lastError the latest failed request, redacted, or "" when none
 * @param pausedUntilMillis wall-clock time until which a server's {@code Retry-After} pauses
 *     this endpoint (the pool sends it nothing before then), or 0 when it is not paused
 * @param downReason why it is down or recovering, redacted, e.g. {@code after 3 failed health
 *     probes (ConnectException: Connection refused)} or {@code restart 3 of 3 failed: ...;
 *     restarts exhausted (3)}; "" when it is up
 */
public record EndpointStatus(String name, String model, State state, int inFlight, int limit,
    int maxConcurrency, long requests, long errors, double p50Ms, double p95Ms, int restarts,
    String lastError, long pausedUntilMillis, String downReason) {

  public EndpointStatus {
    downReason = downReason == null ? "" : downReason;
  }

  /** A status without a pause or a down reason. */
  public EndpointStatus(String name, String model, State state, int inFlight, int limit,
      int maxConcurrency, long requests, long errors, double p50Ms, double p95Ms, int restarts,
      String lastError) {
    this(name, model, state, inFlight, limit, maxConcurrency, requests, errors, p50Ms, p95Ms,
        restarts, lastError, 0, "");
  }

  /** Where an endpoint is. */
  public enum State {
    UP, PAUSED, DOWN, RECOVERING;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** True while a server's {@code Retry-After} keeps the pool from sending here. */
  public boolean pausedByRetryAfter() {
    return pausedUntilMillis > 0;
  }

  /** True when the pool may route requests here now or soon (up or briefly paused). */
  public boolean usable() {
    return state == State.UP || state == State.PAUSED;
  }
}
