package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.engine.BatchRunner;
import java.time.Duration;
import java.util.function.Consumer;

/** {@link BatchEngine#local()}: the engine's {@link BatchRunner}, as a {@link BatchEngine.Run}. */
final class LocalEngine implements BatchEngine {
  static final LocalEngine INSTANCE = new LocalEngine();

  private LocalEngine() {}

  @Override
  public Run start(BatchSpec<?> spec, BatchRunner.Plan plan) {
    BatchRunner runner = BatchRunner.start(spec, plan);
    return new Run() {
      @Override
      public ProgressSnapshot progress() {
        return runner.progress();
      }

      @Override
      public void cancel() {
        runner.cancel();
      }

      @Override
      public boolean isDone() {
        return runner.isDone();
      }

      @Override
      public BatchRunner.Outcome await(Duration timeout) throws InterruptedException {
        return runner.await(timeout);
      }

      @Override
      public void whenDone(Consumer<BatchRunner.Outcome> action) {
        runner.whenDone(action);
      }
    };
  }
}
