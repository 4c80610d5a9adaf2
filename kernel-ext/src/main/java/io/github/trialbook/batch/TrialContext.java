package io.github.trialbook.batch;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What a stage sees of its trial: the config, the input, the earlier stages' outputs, the attempt
 * number and the batch clock. A context belongs to one worker and is valid only during the stage
 * call; do not keep it.
 *
 * <pre>{@code
 * .stage("stage2", t -> {
 *   Label first = t.output("stage1");
 *   return first.confident() ? Stage.end(first) : recheck(t.input(), t.config().param("model"));
 * })
 * }</pre>
 *
 * @param <I> the input type
 */
public interface TrialContext<I> {
  Config config();

  I input();

  String inputId();

  /** The key {@code config/inputId}, stable across runs. */
  default String key() {
    return config().name() + "/" + inputId();
  }

  /** The name of the stage being run. */
  String stage();

  /**
   * The output of an earlier stage of this trial, cast to what the caller expects.
   *
   * @throws TrialbookException if {@code stageName} is not an earlier stage
   */
  <T> T output(String stageName);

  /** The attempt number of the current stage, from 1. */
  int attempt();

  /** The worker slot running this trial, from 0 to parallelism - 1. */
  int worker();

  /** True once the batch is cancelled; long stages should check it and return. */
  boolean isCancelled();

  BatchClock clock();

  /** The batch's name. */
  default String batch() {
    return "";
  }

  /** The batch's run directory, empty for a batch without checkpoint. */
  default Optional<Path> runDir() {
    return Optional.empty();
  }

  /** The resource the running stage takes a permit of, if any. */
  default Optional<String> stageResource() {
    return Optional.empty();
  }

  /**
   * Shows {@code text} (one short line, e.g. a child process's pid and last log line) beside this
   * trial in the live view's running tasks until the stage attempt ends. Cheap; call it often.
   */
  default void note(String text) {}
}
