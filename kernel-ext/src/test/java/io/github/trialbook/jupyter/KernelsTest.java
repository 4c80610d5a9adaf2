package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KernelsTest {
  @AfterEach
  void clearProperty() {
    System.clearProperty(Kernels.PROPERTY);
  }

  @Test
  void serviceLoaderFindsEveryAdapter() {
    assertThat(Kernels.all()).extracting(KernelDisplay::id)
        .containsExactlyInAnyOrder("ijava", "jjava", "rapaio", "console", "cellhost");
  }

  @Test
  void plainJvmHasNoNotebookKernelButAConsole() {
    assertThat(Kernels.current()).isEmpty();
    assertThat(Kernels.liveView()).isEmpty();
    assertThat(Kernels.currentOrConsole().id()).isEqualTo("console");
  }

  @Test
  void unknownIdListsTheKnownOnes() {
    assertThatThrownBy(() -> Kernels.named("beakerx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kernel 'beakerx' is unknown; known kernels: ")
        .hasMessageContaining("rapaio").hasMessageContaining("ijava").hasMessageContaining("jjava")
        .hasMessageContaining("console");
  }

  @Test
  void namingAnAbsentKernelIsAnError() {
    System.setProperty(Kernels.PROPERTY, "rapaio");

    assertThatThrownBy(Kernels::current).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("kernel 'rapaio' was asked for").hasMessageContaining("not running");
  }

  @Test
  void consolePrintsTheTextPart() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleDisplay console = new ConsoleDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String id = console.display(Map.of("text/plain", "1/2", "text/html", "<b>1/2</b>"));
    console.update(id, Map.of("text/html", "<b>only html</b>"));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("1/2\n(no text/plain in [text/html])\n".replace("\n", System.lineSeparator()));
  }
}
