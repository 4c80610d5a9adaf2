package io.github.trialbook;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.display.ConsoleView;
import io.github.trialbook.display.ProgressView;
import io.github.trialbook.engine.BatchRunner;
import io.github.trialbook.jupyter.Kernels;
import java.util.List;
import java.util.function.Function;

/**
 * The notebook facade: build a batch, run it with live progress, get the results back. Every
 * method delegates to one class of a package; import it statically in a notebook.
 *
 * <pre>{@code
 * import static io.github.trialbook.Trialbook.*;
 *
 * BatchSpec<String> spec = batch("lengths", List.of("a", "bb", "ccc"), s -> s)
 *     .configs(Config.of("A"), Config.of("B"))
 *     .stage("len", t -> t.input().length())
 *     .parallelism(4)
 *     .build();
 * BatchResult r = runBatch(spec);
 * r.table();
 * }</pre>
 */
public final class Trialbook {
  private Trialbook() {}

  /**
   * Starts a batch spec over {@code inputs}; {@code idFunction} gives each input a stable id
   * (trial keys are {@code config/inputId}).
   */
  public static <I> BatchSpec.Builder<I> batch(String name, List<? extends I> inputs,
      Function<? super I, String> idFunction) {
    return BatchSpec.builder(name, inputs, idFunction);
  }

  /**
   * Runs the batch and blocks until it ends, showing live progress (in a notebook cell when a
   * kernel display is found, else as text on standard error unless the spec turned it off).
   * Interrupting the calling thread cancels the batch and returns the cancelled result.
   */
  public static BatchResult runBatch(BatchSpec<?> spec) {
    return startBatch(spec).awaitShowing(viewFor(spec));
  }

  /** Starts the batch and returns at once. */
  public static BatchHandle startBatch(BatchSpec<?> spec) {
    BatchRunner runner = BatchRunner.start(spec, BatchRunner.Plan.all(spec));
    return new BatchHandle(spec, runner, outcome -> new BatchResult(spec, outcome));
  }

  private static ProgressView viewFor(BatchSpec<?> spec) {
    return Kernels.liveView().orElseGet(() -> spec.consoleProgress() ? ConsoleView.standard() : null);
  }
}
