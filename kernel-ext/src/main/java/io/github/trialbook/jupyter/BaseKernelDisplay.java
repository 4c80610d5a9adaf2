package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * IJava (SpencerPark IJava 1.3.x and forks): draws through {@code jupyter-jvm-basekernel}'s
 * {@code DisplayStream} and registers renderers with the kernel's {@code Renderer}. The running
 * kernel is found by reflection ({@code io.github.spencerpark.ijava.IJava.getKernelInstance()}),
 * so IJava itself is never a dependency; basekernel types stay inside {@link BaseKernelBridge},
 * which is loaded only when the kernel is there.
 *
 * <pre>{@code
 * KernelDisplay ijava = Kernels.named("ijava");
 * }</pre>
 */
public final class BaseKernelDisplay implements KernelDisplay {
  static final String IJAVA_CLASS = "io.github.spencerpark.ijava.IJava";
  static final String BASE_KERNEL_CLASS = "io.github.spencerpark.jupyter.kernel.BaseKernel";

  private volatile Object bridge;

  @Override
  public String id() {
    return "ijava";
  }

  @Override
  public int priority() {
    return 10;
  }

  @Override
  public boolean isAvailable() {
    return bridge() != null;
  }

  @Override
  public String display(Map<String, String> mimeBundle) {
    return ((BaseKernelBridge) requireBridge()).display(mimeBundle);
  }

  @Override
  public void update(String displayId, Map<String, String> mimeBundle) {
    ((BaseKernelBridge) requireBridge()).update(displayId, mimeBundle);
  }

  @Override
  public void end(String displayId) {
    ((BaseKernelBridge) requireBridge()).end(displayId);
  }

  @Override
  public void registerRenderers(RendererRegistry registry) {
    ((BaseKernelBridge) requireBridge()).registerRenderers(registry);
  }

  private Object requireBridge() {
    Object b = bridge();
    if (b == null) {
      throw new IllegalStateException("kernel 'ijava' is not running in this JVM: "
          + IJAVA_CLASS + ".getKernelInstance() is missing or returned null; use Kernels.current()");
    }
    return b;
  }

  private Object bridge() {
    Object b = bridge;
    if (b == null) {
      Object kernel = runningKernel();
      if (kernel != null) {
        b = BaseKernelBridge.of(kernel);
        bridge = b;
      }
    }
    return b;
  }

  /** IJava's kernel instance, or null when IJava or basekernel is absent. */
  static Object runningKernel() {
    try {
      ClassLoader loader = loader();
      Class<?> baseKernel = Class.forName(BASE_KERNEL_CLASS, false, loader);
      Class<?> ijava = Class.forName(IJAVA_CLASS, true, loader);
      Method getter = ijava.getMethod("getKernelInstance");
      Object kernel = getter.invoke(null);
      return baseKernel.isInstance(kernel) ? kernel : null;
    } catch (ReflectiveOperationException | LinkageError e) {
      return null;
    }
  }

  private static ClassLoader loader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : BaseKernelDisplay.class.getClassLoader();
  }
}
