package io.github.trialbook.batch;

import java.io.Serializable;

/**
 * The work of one stage: takes the trial context, returns the stage's output (any value, a record,
 * a map, or {@link Stage#end(Object)} to end the trial early). May throw; the engine records the
 * failure and applies the retry policy.
 *
 * <p>Serializable so that a lambda stage can be shipped to another JVM (the Spark engine of
 * {@code trialbook-spark} runs stages on executors): the local engine never serializes it, and a
 * lambda is serializable only as long as what it captures is.
 *
 * @param <I> the input type
 */
@FunctionalInterface
public interface StageFunction<I> extends Serializable {
  Object run(TrialContext<I> trial) throws Exception;
}
