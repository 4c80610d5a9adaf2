package io.github.trialbook.display;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.render.Renderable;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class RendererRegistryTest {
  private record Note(String text) implements Renderable {
    public String toText() {
      return text;
    }

    public String toHtml() {
      return "<p>" + io.github.trialbook.render.Html.escape(text) + "</p>";
    }
  }

  @Test
  void defaultsCoverRenderablesTablesAndSnapshots() {
    RendererRegistry registry = RendererRegistry.withDefaults();

    assertThat(registry.render(new Note("a<b")).orElseThrow())
        .containsEntry("text/plain", "a<b").containsEntry("text/html", "<p>a&lt;b</p>");
    assertThat(registry.render(Table.create("t", IntColumn.create("x", 1))).orElseThrow().get("text/html"))
        .contains("<th>x</th>");
    assertThat(registry.render(Snapshots.small(ProgressSnapshot.State.RUNNING, 5, 10)).orElseThrow().get("text/plain"))
        .startsWith("demo: running, 5/10 trials");
    assertThat(registry.handles(Table.class)).isTrue();
    assertThat(registry.render("a string")).isEmpty();
    assertThat(registry.render(null)).isEmpty();
  }

  @Test
  void laterRegistrationWins() {
    RendererRegistry registry = RendererRegistry.withDefaults()
        .register(Note.class, n -> Map.of("text/plain", "custom " + n.text()));

    assertThat(registry.render(new Note("x")).orElseThrow()).containsExactly(Map.entry("text/plain", "custom x"));
  }

  @Test
  void rejectsNulls() {
    assertThatThrownBy(() -> RendererRegistry.empty().register(null, x -> Map.of()))
        .isInstanceOf(DisplayConfigException.class).hasMessageContaining("type and renderer");
  }
}
