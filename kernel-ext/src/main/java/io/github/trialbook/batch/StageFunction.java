package io.github.trialbook.batch;

/**
 * The work of one stage: takes the trial context, returns the stage's output (any value, a record,
 * a map, or {@link Stage#end(Object)} to end the trial early). May throw; the engine records the
 * failure and applies the retry policy.
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface StageFunction<I> {
  Object run(TrialContext<I> trial) throws Exception;
}
