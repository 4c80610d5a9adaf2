package io.github.trialbook.batch;

import io.github.trialbook.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * One step of a trial: a name, the function, and optionally a resource whose permits cap how many
 * such stages run at once across workers, a timeout and a retry policy that override the spec's.
 * Immutable; the {@code with…} methods return copies.
 *
 * <pre>{@code
 * Stage<Doc> llm = Stage.<Doc>of("llm", t -> askModel(t.input()))
 *     .withResource("gpu")
 *     .withTimeout(Duration.ofMinutes(2));
 * spec.stage(llm).limit("gpu", 2);
 * }</pre>
 *
 * @param <I> the input type
 */
public final class Stage<I> {
  private final String name;
  private final String resource;
  private final StageFunction<I> function;
  private final Duration timeout;
  private final Retry retry;

  private Stage(String name, String resource, StageFunction<I> function, Duration timeout,
      Retry retry) {
    this.name = Checks.name(name, "stage name", BatchConfigException::new);
    this.resource = resource == null ? null
        : Checks.name(resource, "resource of stage " + name, BatchConfigException::new);
    this.function = Checks.notNull(function, "function of stage " + name,
        "pass a lambda t -> ... that returns the stage output", BatchConfigException::new);
    this.timeout = timeout == null ? null
        : Checks.positive(timeout, "timeout of stage " + name, "pass a positive Duration",
            BatchConfigException::new);
    this.retry = retry;
  }

  public static <I> Stage<I> of(String name, StageFunction<I> function) {
    return new Stage<>(name, null, function, null, null);
  }

  public Stage<I> withResource(String resource) {
    return new Stage<>(name, resource, function, timeout, retry);
  }

  public Stage<I> withTimeout(Duration timeout) {
    return new Stage<>(name, resource, function,
        Checks.notNull(timeout, "timeout of stage " + name, "pass a positive Duration",
            BatchConfigException::new), retry);
  }

  public Stage<I> withRetry(Retry retry) {
    return new Stage<>(name, resource, function, timeout,
        Checks.notNull(retry, "retry of stage " + name, "pass Retry.none() for no retries",
            BatchConfigException::new));
  }

  public String name() {
    return name;
  }

  public Optional<String> resource() {
    return Optional.ofNullable(resource);
  }

  public StageFunction<I> function() {
    return function;
  }

  /** The stage's own timeout, if it overrides the spec's. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** The stage's own retry policy, if it overrides the spec's. */
  public Optional<Retry> retry() {
    return Optional.ofNullable(retry);
  }

  /**
   * Ends the trial after this stage with {@code output}: the later stages are recorded as skipped
   * ("no handoff needed") and progress counts them as done.
   */
  public static End end(Object output) {
    return new End(output);
  }

  /** The marker a stage returns to end its trial early; see {@link #end(Object)}. */
  public record End(Object output) {}

  @Override
  public String toString() {
    return "Stage[" + name + (resource == null ? "" : ", resource=" + resource)
        + (timeout == null ? "" : ", timeout=" + timeout) + "]";
  }
}
