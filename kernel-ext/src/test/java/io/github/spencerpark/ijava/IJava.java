package io.github.spencerpark.ijava;

import io.github.spencerpark.jupyter.kernel.BaseKernel;

/**
 * Test stand-in for IJava's entry class (IJava is not on Maven Central): the same static
 * {@code getKernelInstance()} that {@code BaseKernelDisplay} looks up by reflection. Null unless a
 * test sets a kernel.
 */
public final class IJava {
  private static volatile BaseKernel kernel;

  private IJava() {}

  public static BaseKernel getKernelInstance() {
    return kernel;
  }

  public static void setKernelInstanceForTest(BaseKernel k) {
    kernel = k;
  }
}
