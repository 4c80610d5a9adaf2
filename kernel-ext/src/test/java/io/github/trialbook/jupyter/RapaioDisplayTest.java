package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.display.RendererRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rapaio.jupyter.kernel.display.DisplayData;
import org.rapaio.jupyter.kernel.display.DisplayRenderer;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The Rapaio adapter's pieces against Rapaio's real display classes (the kernel itself runs in the
 * notebooks module).
 */
class RapaioDisplayTest {
  @Test
  void notAvailableOutsideTheRapaioKernel() {
    RapaioDisplay rapaio = new RapaioDisplay();

    assertThat(rapaio.isAvailable()).isFalse();
    assertThatThrownBy(() -> rapaio.display(Map.of("text/plain", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("kernel 'rapaio' is not running");
  }

  @Test
  void displayProviderRendersTablesThroughRapaiosSpi() {
    List<DisplayRenderer> renderers = new RapaioDisplayProvider().getDisplayRenderers();
    Table table = Table.create("t", StringColumn.create("out", "<script>alert(1)</script>"));

    DisplayRenderer forTables = renderers.stream()
        .filter(r -> r.rendererClass().isAssignableFrom(Table.class)).findFirst().orElseThrow();
    DisplayData data = forTables.render("text/html", table);

    assertThat(forTables.canRender("text/html")).isTrue();
    assertThat(forTables.canRender("application/pdf")).isFalse();
    assertThat((String) data.data().get("text/html")).contains("&lt;script&gt;").doesNotContain("<script>");
    assertThat(data.data()).containsKey("text/plain");
    assertThat(renderers).hasSameSizeAs(RendererRegistry.shared().entries());
  }

  @Test
  void bundlesBecomeRapaioDisplayDataWithEveryMimeType() {
    DisplayData data = RapaioBridge.toDisplayData(Map.of("text/plain", "a", "image/png", "iVBOR"));

    assertThat(data.data()).containsEntry("text/plain", "a").containsEntry("image/png", "iVBOR");
  }
}
