package io.github.trialbook.jupyter;

import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.trialbook.display.RendererRegistry;
import java.util.Map;
import java.util.UUID;

/** The basekernel calls of {@link BaseKernelDisplay}; loaded only when basekernel is present. */
final class BaseKernelBridge {
  private final Renderer renderer;
  private final DisplayStream stream;

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
    stream.display(data);
    return id;
  }

  void update(String displayId, Map<String, String> bundle) {
    stream.updateDisplay(displayId, toDisplayData(bundle));
  }

  void registerRenderers(RendererRegistry registry) {
    for (RendererRegistry.Entry<?> entry : registry.entries()) {
      register(entry, registry);
    }
  }

  private <T> void register(RendererRegistry.Entry<T> entry, RendererRegistry registry) {
    renderer.createRegistration(entry.type())
        .preferring("text/html", "image/png")
        .supporting("text/plain", "text/html", "image/png", "image/svg+xml")
        .register((value, context) -> registry.render(value)
            .ifPresent(bundle -> bundle.forEach((mime, content) ->
                context.getOutputContainer().putData(mime, content))));
  }

  static DisplayData toDisplayData(Map<String, String> bundle) {
    DisplayData data = new DisplayData();
    bundle.forEach(data::putData);
    return data;
  }
}
