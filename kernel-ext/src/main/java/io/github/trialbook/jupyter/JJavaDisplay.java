package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.util.Map;

/**
 * JJava ({@code org.dflib.jjava}, the maintained successor of IJava): draws through the running
 * kernel's {@code DisplayStream} and registers renderers with its {@code Renderer}, both found from
 * {@code BaseKernel.notebookKernel()}. A live view's last picture after the stop button is drawn
 * before the cell's request ends ({@link InterruptGate}). JJava types stay inside
 * {@link JJavaBridge}, loaded only when JJava's classes are there; {@link JJavaExtension} sets all
 * this up when the jar is added to the kernel.
 *
 * <pre>{@code
 * KernelDisplay jjava = Kernels.named("jjava");
 * }</pre>
 */
public final class JJavaDisplay implements KernelDisplay {
  static final String BASE_KERNEL_CLASS = "org.dflib.jjava.jupyter.kernel.BaseKernel";

  @Override
  public String id() {
    return "jjava";
  }

  @Override
  public int priority() {
    return 10;
  }

  /** True inside a running JJava kernel (its notebook kernel is set between start-up and shutdown). */
  @Override
  public boolean isAvailable() {
    return jjavaPresent() && JJavaBridge.current() != null;
  }

  @Override
  public String display(Map<String, String> mimeBundle) {
    return bridge().display(mimeBundle);
  }

  @Override
  public String displayLive(Map<String, String> mimeBundle) {
    return bridge().displayLive(mimeBundle);
  }

  @Override
  public void update(String displayId, Map<String, String> mimeBundle) {
    bridge().update(displayId, mimeBundle);
  }

  @Override
  public void end(String displayId) {
    bridge().end(displayId);
  }

  @Override
  public void registerRenderers(RendererRegistry registry) {
    bridge().registerRenderers(registry);
  }

  private JJavaBridge bridge() {
    JJavaBridge b = jjavaPresent() ? JJavaBridge.current() : null;
    if (b == null) {
      throw new IllegalStateException("kernel 'jjava' is not running in this JVM: "
          + BASE_KERNEL_CLASS + ".notebookKernel() is missing or not set; use Kernels.current()");
    }
    return b;
  }

  /** Checked before any JJava type is touched, so a JVM without JJava never loads {@link JJavaBridge}. */
  static boolean jjavaPresent() {
    try {
      Class.forName(BASE_KERNEL_CLASS, false, JJavaDisplay.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
