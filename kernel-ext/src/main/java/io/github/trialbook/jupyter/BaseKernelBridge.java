package io.github.trialbook.jupyter;

import io.github.spencerpark.jupyter.channels.ShellReplyEnvironment;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.trialbook.display.RendererRegistry;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The basekernel calls of {@link BaseKernelDisplay}; loaded only when basekernel is present.
 *
 * <p>An interrupt in IJava 1.3 cancels the cell's future: the shell thread's {@code eval} returns
 * at once with {@code EvaluationInterruptedException} while the cell's own thread is still
 * cancelling the batch, and basekernel drops display messages once the request has ended. So a
 * display shown during a request holds that request open, after its {@code execute_reply} but
 * before basekernel detaches the display stream and sends idle, until {@link #end} says its last
 * picture is out (at most {@link #HOLD_SECONDS}). A cell that ends normally has already ended its
 * displays and is not held.
 */
final class BaseKernelBridge {
  /** How long an ended request waits for the last picture of a display shown in it. */
  static final long HOLD_SECONDS = 10;
  private static final Logger LOG = Logger.getLogger(BaseKernelBridge.class.getName());
  private final Renderer renderer;
  private final DisplayStream stream;
  /** Display id → released when its last picture is out; only displays shown during a request. */
  private final Map<String, CountDownLatch> open = new ConcurrentHashMap<>();

  BaseKernelBridge(Renderer renderer, DisplayStream stream) {
    this.renderer = renderer;
    this.stream = stream;
  }

  static BaseKernelBridge of(Object kernel) {
    BaseKernel k = (BaseKernel) kernel;
    return new BaseKernelBridge(k.getRenderer(), k.getIO().display);
  }

  String display(Map<String, String> bundle) {
    String id = UUID.randomUUID().toString();
    DisplayData data = toDisplayData(bundle);
    data.setDisplayId(id);
    ShellReplyEnvironment request = currentRequest();
    if (request != null) {
      CountDownLatch ended = new CountDownLatch(1);
      open.put(id, ended);
      // runs on the shell thread when the request ends (deferrals run last-in first-out: after
      // the execute_reply, before basekernel retracts the stream and publishes idle); the shell
      // thread is blocked in eval while the cell runs, so nothing else touches the deferrals now
      request.defer(() -> awaitEnd(id, ended));
    }
    stream.display(data);
    return id;
  }

  /** The display's last picture is out: a request held for it may end. */
  void end(String displayId) {
    CountDownLatch ended = open.remove(displayId);
    if (ended != null) {
      ended.countDown();
    }
  }

  private void awaitEnd(String displayId, CountDownLatch ended) {
    try {
      if (!ended.await(HOLD_SECONDS, TimeUnit.SECONDS)) {
        LOG.warning("Trialbook: display " + displayId + " sent no last picture within "
            + HOLD_SECONDS + " s of its cell's end; later updates are dropped by the kernel");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      open.remove(displayId);
    }
  }

  /** The request the display stream publishes under now, or null between requests. */
  private ShellReplyEnvironment currentRequest() {
    try {
      Field env = DisplayStream.class.getDeclaredField("env");
      env.setAccessible(true);
      return (ShellReplyEnvironment) env.get(stream);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.FINE, "basekernel's DisplayStream has no env field; an interrupted cell may"
          + " lose its last picture", e);
      return null;
    }
  }

  void update(String displayId, Map<String, String> bundle) {
    stream.updateDisplay(displayId, toDisplayData(bundle));
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

  static DisplayData toDisplayData(Map<String, String> bundle) {
    DisplayData data = new DisplayData();
    bundle.forEach(data::putData);
    return data;
  }
}
