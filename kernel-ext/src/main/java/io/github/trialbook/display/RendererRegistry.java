package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Renderable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Turns values into MIME bundles. One registry is shared by every kernel adapter, so a Tablesaw
 * table or a chart looks the same in IJava, Rapaio and a console. Later registrations win over
 * earlier ones for the same value.
 *
 * <pre>{@code
 * RendererRegistry registry = RendererRegistry.shared();
 * Map<String, String> bundle = registry.render(table).orElseThrow();
 * String html = bundle.get("text/html");
 * }</pre>
 */
public final class RendererRegistry {
  private static final RendererRegistry SHARED = withDefaults();

  private final List<Entry<?>> entries = new CopyOnWriteArrayList<>();

  /** One renderer: the type it handles and how. */
  public record Entry<T>(Class<T> type, Function<? super T, Map<String, String>> renderer) {
    Map<String, String> render(Object value) {
      return renderer.apply(type.cast(value));
    }
  }

  /** The registry the kernel adapters use. */
  public static RendererRegistry shared() {
    return SHARED;
  }

  /** An empty registry. */
  public static RendererRegistry empty() {
    return new RendererRegistry();
  }

  /**
   * Renderables, progress snapshots, Tablesaw tables and XChart charts. A type whose library is
   * missing from the class path is skipped, so the registry works in a minimal JShell too.
   */
  public static RendererRegistry withDefaults() {
    RendererRegistry registry = new RendererRegistry();
    registry.register(Renderable.class, Renderable::mimeBundle);
    registry.register(ProgressSnapshot.class, s -> ProgressPanel.defaults().render(s));
    if (present("tech.tablesaw.api.Table")) {
      TableRenderer.registerInto(registry, TableRenderer.defaults());
    }
    if (present("org.knowm.xchart.internal.chartpart.Chart")) {
      ChartRenderer.registerInto(registry, ChartRenderer.png());
    }
    return registry;
  }

  /** Adds a renderer for {@code type} and its subtypes. */
  public <T> RendererRegistry register(Class<T> type, Function<? super T, Map<String, String>> renderer) {
    if (type == null || renderer == null) {
      throw new DisplayConfigException("register(type, renderer): type and renderer must not be null");
    }
    entries.add(new Entry<>(type, renderer));
    return this;
  }

  /** The bundle for {@code value}, or empty when no renderer takes it. */
  public Optional<Map<String, String>> render(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    return find(value.getClass()).map(e -> safeText(e.render(value)));
  }

  /** Whatever a renderer wrote, its text reaches no terminal with a control character. */
  private static Map<String, String> safeText(Map<String, String> bundle) {
    String text = bundle.get("text/plain");
    if (text == null || PlainText.escape(text) == text) {
      return bundle;
    }
    Map<String, String> out = new java.util.LinkedHashMap<>(bundle);
    out.put("text/plain", PlainText.escape(text));
    return out;
  }

  /** True when some renderer takes values of {@code type}. */
  public boolean handles(Class<?> type) {
    return find(type).isPresent();
  }

  /** The registered entries, oldest first; adapters register each type with their kernel. */
  public List<Entry<?>> entries() {
    return List.copyOf(entries);
  }

  private Optional<Entry<?>> find(Class<?> type) {
    List<Entry<?>> snapshot = new ArrayList<>(entries);
    for (int i = snapshot.size() - 1; i >= 0; i--) {
      if (snapshot.get(i).type().isAssignableFrom(type)) {
        return Optional.of(snapshot.get(i));
      }
    }
    return Optional.empty();
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RendererRegistry.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
