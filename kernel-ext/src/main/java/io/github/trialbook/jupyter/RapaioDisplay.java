package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.util.Map;

/**
 * The Rapaio Java kernel ({@code io.github.padreati:rapaio-jupyter-kernel}): draws through the
 * running {@code RapaioKernel}'s {@code display}/{@code updateDisplay}, and renders values through
 * Rapaio's display SPI ({@link RapaioDisplayProvider}). Rapaio types stay inside
 * {@link RapaioBridge}, loaded only when this JVM runs the Rapaio kernel.
 *
 * <pre>{@code
 * KernelDisplay rapaio = Kernels.named("rapaio");
 * }</pre>
 */
public final class RapaioDisplay implements KernelDisplay {
  static final String MAIN_CLASS = "org.rapaio.jupyter.kernel.MainApp";

  @Override
  public String id() {
    return "rapaio";
  }

  @Override
  public int priority() {
    return 10;
  }

  /**
   * True inside the Rapaio kernel: its main class is loadable and is what this JVM was started
   * with (checked without initializing it, which would start a second kernel).
   */
  @Override
  public boolean isAvailable() {
    String command = System.getProperty("sun.java.command", "");
    boolean launchedAsRapaio = command.startsWith(MAIN_CLASS)
        || command.startsWith(RapaioKernelMain.class.getName())
        || command.matches("(?s)\\S*rapaio-jupyter-kernel[^ ]*\\.jar.*");
    if (!launchedAsRapaio) {
      return false;
    }
    try {
      Class.forName(MAIN_CLASS, false, RapaioDisplay.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  @Override
  public String display(Map<String, String> mimeBundle) {
    requireAvailable();
    return RapaioBridge.display(mimeBundle);
  }

  @Override
  public void update(String displayId, Map<String, String> mimeBundle) {
    requireAvailable();
    RapaioBridge.update(displayId, mimeBundle);
  }

  /**
   * Rapaio finds {@link RapaioDisplayProvider} by itself when the Trialbook jar is on the
   * kernel's class path (the installed kernelspec puts it there); when the jar came in later
   * through {@code %jars}, this adds the renderer to Rapaio's display system directly.
   */
  @Override
  public void registerRenderers(RendererRegistry registry) {
    requireAvailable();
    RapaioBridge.registerRenderers(registry);
  }

  private void requireAvailable() {
    if (!isAvailable()) {
      throw new IllegalStateException("kernel 'rapaio' is not running in this JVM (sun.java.command="
          + System.getProperty("sun.java.command", "") + "); use Kernels.current()");
    }
  }
}
