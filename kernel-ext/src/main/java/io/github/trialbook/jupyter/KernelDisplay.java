package io.github.trialbook.jupyter;

import io.github.trialbook.display.DisplayTarget;
import io.github.trialbook.display.RendererRegistry;
import java.util.Map;

/**
 * A Jupyter kernel Trialbook can draw in. Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.github.trialbook.jupyter.KernelDisplay});
 * each names itself with a stable {@link #id()}, says whether its kernel runs in this JVM, and
 * touches the kernel's classes only after {@link #isAvailable()} said yes, so no kernel is a
 * compile-time or run-time requirement of the core.
 *
 * <pre>{@code
 * KernelDisplay kernel = Kernels.current().orElseThrow();
 * String id = kernel.display(Map.of("text/plain", "hello"));
 * kernel.update(id, Map.of("text/plain", "hello again"));
 * }</pre>
 */
public interface KernelDisplay extends DisplayTarget {
  /** Stable name: {@code ijava}, {@code jjava}, {@code rapaio}, {@code console}. */
  String id();

  /** True when this adapter's kernel is running in this JVM and can take display messages. */
  boolean isAvailable();

  /** Sends {@code display_data} with a fresh display id and returns that id. */
  @Override
  String display(Map<String, String> mimeBundle);

  /** Sends {@code update_display_data} for {@code displayId}. */
  @Override
  void update(String displayId, Map<String, String> mimeBundle);

  /** Makes the kernel render values of the registry's types when they are a cell's value. */
  void registerRenderers(RendererRegistry registry);

  /** Higher wins when several adapters are available; the console is the last resort. */
  default int priority() {
    return 0;
  }
}
