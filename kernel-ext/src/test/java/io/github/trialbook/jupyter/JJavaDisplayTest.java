package io.github.trialbook.jupyter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.display.RendererRegistry;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.DisplayStream;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The JJava adapter and extension against jjava-jupyter's real classes (1.0-a6, as compiled): its
 * {@link Renderer}, {@link DisplayData}, {@link DisplayStream} (recording instead of publishing on
 * a socket) and a real {@link BaseKernel} subclass whose start-up loads Trialbook's extension
 * through JJava's own {@code ServiceLoader} lookup. The genuine 1.0-a7 kernel is exercised by the
 * notebook ITs.
 */
class JJavaDisplayTest {
  /** What reached the display stream and when the cell ended, in one order. */
  private final List<String> events = new CopyOnWriteArrayList<>();
  private TestKernel kernel;

  /** jjava-jupyter's display stream, recording instead of publishing. */
  final class RecordingStream extends DisplayStream {
    final List<DisplayData> sent = new ArrayList<>();

    @Override
    public void display(DisplayData data) {
      record("display_data", data);
    }

    @Override
    public void updateDisplay(DisplayData data) {
      record("update_display_data", data);
    }

    private synchronized void record(String kind, DisplayData data) {
      sent.add(data);
      String text = String.valueOf(data.getData(MIMEType.TEXT_PLAIN));
      events.add(kind + " " + data.getDisplayId() + " " + text.lines().findFirst().orElse(""));
    }
  }

  /**
   * JJava's JJavaExecutionControl reduced to its cells: each runs on an executor thread while the
   * shell thread waits on its future, which the interrupt cancels.
   */
  static final class ExecControl {
    private final Map<String, Future<Object>> running = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();

    Object run(Callable<Object> cell) throws Exception {
      String id = UUID.randomUUID().toString();
      Future<Object> task = executor.submit(cell);
      running.put(id, task);
      try {
        return task.get();
      } finally {
        running.remove(id, task);
      }
    }

    void interrupt() {
      running.forEach((id, f) -> f.cancel(true));
    }
  }

  /** JavaKernel's path to its cells: {@code evaluator.execControl.running}. */
  static final class Evaluator {
    final ExecControl execControl = new ExecControl();
  }

  /** The smallest real JJava kernel: BaseKernel does the rest; evaluation is recorded. */
  static final class TestKernel extends BaseKernel {
    final List<String> evaluated = new CopyOnWriteArrayList<>();
    final Evaluator evaluator = new Evaluator();

    TestKernel() {
      super("test", "1", new LanguageInfo("java", "17", "text/x-java-source", ".jshell", "java", "java", null),
          List.of(), null, new JupyterIO(StandardCharsets.UTF_8), new CommManager(), new Renderer(), null,
          new MagicsRegistry(), true, new StringStyler.Builder().build());
    }

    @Override
    public Object evalRaw(String source) {
      evaluated.add(source);
      return null;
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
      return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
      return null;
    }

    @Override
    public String isComplete(String code) {
      return IS_COMPLETE_MAYBE;
    }

    @Override
    public void interrupt() {
      evaluator.execControl.interrupt();
    }
  }

  @AfterEach
  void shutDown() {
    if (kernel != null) {
      kernel.onShutdown(false);
      kernel.evaluator.execControl.executor.shutdownNow();
    }
  }

  /** A started kernel whose display stream records (JupyterIO creates its stream itself). */
  private RecordingStream startKernelRecording() throws Exception {
    kernel = new TestKernel();
    RecordingStream stream = new RecordingStream();
    Field display = JupyterIO.class.getField("display");
    display.setAccessible(true);
    display.set(kernel.getIO(), stream);
    kernel.onStartup();
    return stream;
  }

  @Test
  void displaysThenUpdatesTheSameDisplayId() {
    RecordingStream stream = new RecordingStream();
    JJavaBridge bridge = new JJavaBridge(new Object(), new Renderer(), stream, new InterruptGate());

    String id = bridge.display(Map.of("text/plain", "1/10", "text/html", "<b>1/10</b>"));
    bridge.update(id, Map.of("text/plain", "10/10", "text/html", "<b>10/10</b>"));

    assertThat(events).containsExactly("display_data " + id + " 1/10", "update_display_data " + id + " 10/10");
    assertThat(stream.sent.get(0).getData(MIMEType.TEXT_HTML)).isEqualTo("<b>1/10</b>");
  }

  @Test
  void tablesRenderAsEscapedHtmlAndChartsAsPng() {
    Renderer renderer = new Renderer();
    new JJavaBridge(new Object(), renderer, new RecordingStream(), new InterruptGate())
        .registerRenderers(RendererRegistry.shared());

    DisplayData table = renderer.render(Table.create("t", StringColumn.create("out", "<script>alert(1)</script>")));
    XYChart chart = new XYChartBuilder().width(200).height(150).build();
    chart.addSeries("s", new double[] {1, 2}, new double[] {3, 4});
    DisplayData png = renderer.render(chart);

    assertThat((String) table.getData(MIMEType.TEXT_HTML)).contains("&lt;script&gt;alert(1)&lt;/script&gt;")
        .doesNotContain("<script>");
    assertThat((String) table.getData(MIMEType.TEXT_PLAIN)).contains("1 rows × 1 columns");
    assertThat((String) png.getData(MIMEType.IMAGE_PNG)).startsWith("iVBORw0KGgo"); // base64 of the PNG signature
  }

  @Test
  void startingAJJavaKernelLoadsTheExtensionWhichWiresEverything() throws Exception {
    JJavaDisplay adapter = new JJavaDisplay();
    assertThat(adapter.isAvailable()).isFalse();
    assertThatThrownBy(() -> adapter.display(Map.of("text/plain", "x")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("kernel 'jjava' is not running");

    startKernelRecording();

    assertThat(adapter.isAvailable()).isTrue();
    assertThat(Kernels.current()).get().extracting(KernelDisplay::id).isEqualTo("jjava");
    assertThat(kernel.evaluated).containsExactly(DefaultImports.IMPORTS);
    assertThat(kernel.getRenderer().render(Table.create("t")).getData(MIMEType.TEXT_HTML)).isNotNull();
    assertThat(kernel.evaluator.execControl.running).isInstanceOf(InterruptGate.GatedCells.class);

    kernel.onShutdown(false);
    assertThat(adapter.isAvailable()).isFalse();
    kernel = null;
  }

  /**
   * The stop button during {@code runBatch}: the cell's last picture ("cancelled — resumable") is
   * drawn before its future is cancelled, i.e. while JJava still has the cell's request.
   */
  @Test
  void anInterruptedBatchDrawsItsLastPictureBeforeTheCellIsCancelled() throws Exception {
    startKernelRecording();
    var spec = Trialbook.batch("jjava-cancel", IntStream.range(0, 400).boxed().toList(), i -> "in-" + i)
        .stage("s1", t -> {
          Thread.sleep(40);
          return t.input();
        })
        .parallelism(2).noCheckpoint().build();
    ExecutorService shell = Executors.newSingleThreadExecutor();
    try {
      Future<?> cell = shell.submit(() -> {
        try {
          BatchResult r = (BatchResult) kernel.evaluator.execControl.run(() -> Trialbook.runBatch(spec));
          events.add("cell ended: returned, cancelled=" + r.isCancelled());
        } catch (Exception e) {
          events.add("cell ended: " + e.getClass().getSimpleName());
        }
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (events.stream().filter(e -> e.startsWith("update_display_data")).count() < 2) {
        assertThat(System.nanoTime()).as("live view updates").isLessThan(deadline);
        Thread.sleep(20);
      }

      kernel.interrupt();
      events.add("interrupt handled");
      cell.get(20, TimeUnit.SECONDS);
    } finally {
      shell.shutdownNow();
    }

    int lastPicture = lastIndexStartingWith("update_display_data");
    assertThat(events.get(lastPicture)).contains("jjava-cancel: cancelled — resumable");
    assertThat(lastPicture).as("last picture before the interrupt lets the cell go: %s", events)
        .isLessThan(events.indexOf("interrupt handled"));
    assertThat(lastIndexStartingWith("cell ended")).isGreaterThan(lastPicture);
    assertThat(kernel.evaluator.execControl.running).isEmpty();
  }

  private int lastIndexStartingWith(String prefix) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    throw new AssertionError("no event starts with " + prefix + ": " + events);
  }
}
