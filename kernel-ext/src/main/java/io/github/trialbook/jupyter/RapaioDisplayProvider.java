package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplayTransformer;
import org.rapaio.jupyter.kernel.display.spi.DisplayProvider;

/**
 * Rapaio's display SPI ({@code META-INF/services/org.rapaio.jupyter.kernel.display.spi.DisplayProvider}):
 * a cell whose value is a Trialbook result, a Tablesaw table or a chart shows the bundle of
 * {@link RendererRegistry#shared()}. Rapaio loads it at start-up; nothing else uses it.
 */
public final class RapaioDisplayProvider implements DisplayProvider {
  @Override
  public List<DisplayRenderer> getDisplayRenderers() {
    if (new RapaioDisplay().isAvailable()) {
      RapaioInterruptRepair.ensureStarted();
    }
    return renderersFor(RendererRegistry.shared());
  }

  @Override
  public List<DisplayTransformer> getDisplayTransformers() {
    return List.of();
  }

  static List<DisplayRenderer> renderersFor(RendererRegistry registry) {
    List<DisplayRenderer> renderers = new ArrayList<>();
    for (RendererRegistry.Entry<?> entry : registry.entries()) {
      renderers.add(new Renderer(entry.type(), registry));
    }
    return renderers;
  }

  /** One registry type as a Rapaio renderer. */
  static final class Renderer implements DisplayRenderer {
    private final Class<?> type;
    private final RendererRegistry registry;

    Renderer(Class<?> type, RendererRegistry registry) {
      this.type = type;
      this.registry = registry;
    }

    @Override
    public Class<?> rendererClass() {
      return type;
    }

    @Override
    public boolean canRender(String mime) {
      return mime == null || KernelRenderings.SUPPORTED.contains(mime);
    }

    @Override
    public DisplayData render(String mime, Object value) {
      Map<String, String> bundle = registry.render(value)
          .orElseGet(() -> Map.of("text/plain", String.valueOf(value)));
      return RapaioBridge.toDisplayData(bundle);
    }
  }
}
