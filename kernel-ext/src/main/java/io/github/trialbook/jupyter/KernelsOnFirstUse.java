package io.github.trialbook.jupyter;

import io.github.trialbook.internal.FirstUse;

/**
 * The first use of Trialbook in a notebook kernel registers its renderers and quiets SLF4J
 * ({@link Kernels#initIfInKernel()}); named by {@link FirstUse}, which loads it by class name.
 *
 * <pre>{@code
 * FirstUse.ensure();   // what Trialbook.batch(...), Metrics.*, results and charts do first
 * }</pre>
 */
public final class KernelsOnFirstUse implements FirstUse.Hook {
  @Override
  public void run() {
    Kernels.initIfInKernel();
  }
}
