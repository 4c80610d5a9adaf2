package io.github.trialbook.cellhost;

import io.github.trialbook.display.RendererRegistry;
import io.github.trialbook.jupyter.KernelDisplay;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kernel adapter of a {@link CellHost}: a live view (the one {@code runBatch} draws) becomes a
 * {@code display_data} output of the running cell that {@code update_display_data} lines replace,
 * so the executed notebook keeps its last picture; each update's first text line also goes to
 * the host's own stderr (the runner's), as a progress line while the cell runs. Found through
 * {@link java.util.ServiceLoader} like the other adapters; available only inside a host.
 *
 * <pre>{@code
 * KernelDisplay d = Kernels.current().orElseThrow();   // "cellhost" inside run-notebook
 * }</pre>
 */
public final class CellHostDisplay implements KernelDisplay {
  private static volatile Outputs outputs;
  private static volatile PrintStream progress;
  private static volatile Runnable beforeDisplay = () -> { };
  private static final AtomicLong IDS = new AtomicLong();

  /** Where the host's outputs go, and the stream progress lines go to; set once by the host. */
  static void install(Outputs target, PrintStream progressLines, Runnable flushStreams) {
    outputs = target;
    progress = progressLines;
    beforeDisplay = flushStreams;
  }

  @Override
  public String id() {
    return "cellhost";
  }

  @Override
  public boolean isAvailable() {
    return outputs != null;
  }

  @Override
  public String display(Map<String, String> mimeBundle) {
    String id = "cellhost-" + IDS.incrementAndGet();
    beforeDisplay.run();
    outputs.displayData(id, mimeBundle);
    return id;
  }

  @Override
  public void update(String displayId, Map<String, String> mimeBundle) {
    outputs.updateDisplayData(displayId, mimeBundle);
    String text = mimeBundle.getOrDefault("text/plain", "");
    int nl = text.indexOf('\n');
    progress.println(nl < 0 ? text : text.substring(0, nl));
  }

  @Override
  public void registerRenderers(RendererRegistry registry) {
    // the host renders cell values itself, with the shared registry
  }

  @Override
  public int priority() {
    return 20;
  }
}
