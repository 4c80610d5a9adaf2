package io.github.trialbook.spark;

import io.github.trialbook.batch.StageFunction;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * Resource limits per executor JVM: each task runs its trials with its own one-worker engine, so
 * the engine's permits alone would allow {@code k} per task; these are shared by every task of a
 * run on the executor, so a limit of {@code k} means {@code k} at a time per executor. The wait
 * for a permit happens inside the stage's attempt and counts toward its timeout.
 */
final class ExecutorPermits {
  /** By run and resource; a few semaphores per run, kept for the executor's life. */
  private static final Map<String, Semaphore> PERMITS = new ConcurrentHashMap<>();

  private ExecutorPermits() {}

  static <I> StageFunction<I> guarded(String runId, String resource, int permits,
      StageFunction<I> stage) {
    Semaphore semaphore = PERMITS.computeIfAbsent(runId + "/" + resource,
        k -> new Semaphore(permits));
    return t -> {
      semaphore.acquire();
      try {
        return stage.run(t);
      } finally {
        semaphore.release();
      }
    };
  }
}
