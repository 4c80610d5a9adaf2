package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.lang.reflect.Field;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.message.MessageId;
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

  /** Display id → the request of the cell that showed it (a few recent ones). */
  private static final Map<String, MessageId<?>> ORIGINS = new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, MessageId<?>> eldest) {
      return size() > 64;
    }
  };

  static String display(Map<String, String> bundle) {
    RapaioInterruptRepair.ensureStarted();
    String id = UUID.randomUUID().toString();
    DisplayData data = toDisplayData(bundle);
    data.setDisplayId(id);
    MainApp.kernel.display(data);
    MessageId<?> origin = currentRequest();
    if (origin != null) {
      synchronized (ORIGINS) {
        ORIGINS.put(id, origin);
      }
    }
    return id;
  }

  /**
   * Updates a display. Rapaio 3.0.1 forgets the cell's request when it handles an interrupt and
   * then silently drops what the cell sends, which would lose the final "cancelled — resumable"
   * picture; since frontends route {@code update_display_data} by display id, the update is then
   * published under the request of the cell that showed the display.
   */
  static void update(String displayId, Map<String, String> bundle) {
    DisplayData data = toDisplayData(bundle);
    data.setDisplayId(displayId);
    Channels channels = MainApp.kernel.channels();
    if (channels.hasMsgId()) {
      MainApp.kernel.updateDisplay(data);
      return;
    }
    MessageId<?> origin;
    synchronized (ORIGINS) {
      origin = ORIGINS.get(displayId);
    }
    if (origin != null) {
      channels.setMsgId(origin);
      try {
        MainApp.kernel.updateDisplay(data);
      } finally {
        channels.freeMsgId();
      }
    }
  }

  private static MessageId<?> currentRequest() {
    try {
      Field field = Channels.class.getDeclaredField("msgId");
      field.setAccessible(true);
      return (MessageId<?>) field.get(MainApp.kernel.channels());
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // best effort: without it an interrupted cell's last picture may be lost
    }
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
