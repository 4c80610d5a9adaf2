package io.github.trialbook.endpoint;

import io.github.trialbook.batch.Retry;
import java.util.concurrent.Callable;

/** Calls like the engine does for one stage: attempts under a {@link Retry} policy. */
final class RetryLoop {
  private RetryLoop() {}

  static <T> T call(Retry retry, Callable<T> stage) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        return stage.call();
      } catch (Exception e) {
        if (!retry.shouldRetry(e, attempt)) {
          throw e;
        }
        Thread.sleep(retry.delayAfter(attempt, e, Math.random()).toMillis());
      }
    }
  }
}
