package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;

/**
 * The JJava calls of {@link JJavaDisplay} and {@link JJavaExtension}; loaded only when JJava is
 * present. Compiled against jjava-jupyter 1.0-a6 and used in 1.0-a7: only calls whose signatures
 * both share (a6's {@code setDisplayId} returns void, a7's the data, so the display id goes in as
 * transient data, which is what both do inside).
 */
final class JJavaBridge {
  private static final Logger LOG = Logger.getLogger(JJavaBridge.class.getName());
  private static final String DISPLAY_ID = "display_id";
  /** Where JJava's {@code JavaKernel} keeps its map of running cells. */
  private static final String[] RUNNING_CELLS = {"evaluator", "execControl", "running"};
  private static final InterruptGate GATE = new InterruptGate();
  private static volatile JJavaBridge current;

  private final Object kernel;
  private final Renderer renderer;
  private final DisplayStream stream;
  private final InterruptGate gate;
  private volatile boolean gated;

  JJavaBridge(Object kernel, Renderer renderer, DisplayStream stream, InterruptGate gate) {
    this.kernel = kernel;
    this.renderer = renderer;
    this.stream = stream;
    this.gate = gate;
  }

  /** The bridge to the running JJava kernel, or null when none runs (before start-up, after shutdown). */
  static JJavaBridge current() {
    BaseKernel kernel;
    try {
      kernel = BaseKernel.notebookKernel();
    } catch (RuntimeException e) {
      return null; // "No kernel running": JJava is on the class path, but not running here
    }
    return of(kernel);
  }

  /** The bridge to {@code kernel}; one at a time, the latest kernel's. */
  static JJavaBridge of(BaseKernel kernel) {
    JJavaBridge b = current;
    if (b == null || b.kernel != kernel) {
      b = new JJavaBridge(kernel, kernel.getRenderer(), kernel.getIO().display, GATE);
      current = b;
    }
    return b;
  }

  String display(Map<String, String> bundle) {
    String id = UUID.randomUUID().toString();
    DisplayData data = toDisplayData(bundle);
    data.putTransientData(DISPLAY_ID, id);
    stream.display(data);
    return id;
  }

  String displayLive(Map<String, String> bundle) {
    holdInterrupts();
    String id = display(bundle);
    gate.opened(id);
    return id;
  }

  void update(String displayId, Map<String, String> bundle) {
    DisplayData data = toDisplayData(bundle);
    data.putTransientData(DISPLAY_ID, displayId);
    stream.updateDisplay(data);
  }

  void end(String displayId) {
    gate.end(displayId);
  }

  /** Puts the gate in front of the kernel's interrupt, once; see {@link InterruptGate}. */
  void holdInterrupts() {
    if (!gated) {
      gated = gate.installInto(kernel, RUNNING_CELLS);
    }
  }

  /** Registers each type of {@code registry} with the kernel's renderer ({@link KernelRenderings}). */
  void registerRenderers(RendererRegistry registry) {
    for (RendererRegistry.Entry<?> entry : registry.entries()) {
      renderer.createRegistration(entry.type())
          .preferring(KernelRenderings.preferred())
          .supporting(KernelRenderings.supported())
          .register((value, context) ->
              KernelRenderings.render(registry, value, context.getOutputContainer()::putData));
    }
  }

  /**
   * Evaluates {@code source} in the kernel's JShell, as a cell would (JJava's own start-up
   * extension adds its imports this way). False, logged, when it fails.
   */
  boolean evaluate(String source) {
    try {
      ((BaseKernel) kernel).evalRaw(source);
      return true;
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.WARNING, "Trialbook: could not evaluate in JJava: " + source.strip(), e);
      return false;
    }
  }

  static DisplayData toDisplayData(Map<String, String> bundle) {
    DisplayData data = new DisplayData();
    bundle.forEach(data::putData);
    return data;
  }
}
