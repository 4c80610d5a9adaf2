package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import org.rapaio.jupyter.kernel.display.DisplaySystem;

/** The Rapaio calls of {@link RapaioDisplay}; loaded only inside the Rapaio kernel. */
final class RapaioBridge {
  private static final Logger LOG = Logger.getLogger(RapaioBridge.class.getName());

  private RapaioBridge() {}

  static String display(Map<String, String> bundle) {
    RapaioInterruptRepair.ensureStarted();
    String id = UUID.randomUUID().toString();
    DisplayData data = toDisplayData(bundle);
    data.setDisplayId(id);
    MainApp.kernel.display(data);
    return id;
  }

  static void update(String displayId, Map<String, String> bundle) {
    DisplayData data = toDisplayData(bundle);
    data.setDisplayId(displayId);
    MainApp.kernel.updateDisplay(data);
  }

  static DisplayData toDisplayData(Map<String, String> bundle) {
    DisplayData data = DisplayData.withType("text/plain", bundle.getOrDefault("text/plain", ""));
    bundle.forEach(data::putData);
    return data;
  }

  @SuppressWarnings("unchecked")
  static void registerRenderers(RendererRegistry registry) {
    DisplaySystem system = DisplaySystem.inst();
    system.refreshSpiDisplayHandlers();
    try {
      Field field = DisplaySystem.class.getDeclaredField("spiDisplayRenderers");
      field.setAccessible(true);
      List<DisplayRenderer> renderers = (List<DisplayRenderer>) field.get(system);
      boolean found = renderers.stream().anyMatch(r -> r instanceof RapaioDisplayProvider.Renderer);
      if (!found) {
        renderers.addAll(0, RapaioDisplayProvider.renderersFor(registry));
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.log(Level.WARNING, "could not add Trialbook renderers to Rapaio's display system;"
          + " put the Trialbook jar on the kernel class path (install-kernel) instead", e);
    }
  }
}
