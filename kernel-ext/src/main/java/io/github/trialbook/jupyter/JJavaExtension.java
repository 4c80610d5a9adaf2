package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * JJava's extension SPI ({@code META-INF/services/org.dflib.jjava.jupyter.Extension}): JJava calls
 * {@link #install} when the Trialbook jar reaches the kernel's class path ({@code JJAVA_CLASSPATH},
 * {@code %jars}, {@code %classpath}, {@code %maven}), so that is all a researcher does. It keeps
 * SLF4J quiet when no provider is there, registers the renderers for Trialbook's results, Tablesaw
 * tables and XChart charts, holds the stop button until a live view has drawn its last picture and
 * imports {@code io.github.trialbook.*}, {@code static io.github.trialbook.Trialbook.*} and
 * {@code tech.tablesaw.api.Table} into the notebook. Only JJava loads this class; other kernels
 * never ask for this service.
 *
 * <pre>{@code
 * %jars /path/to/trialbook-kernel-ext-0.1.0-all.jar
 * BatchResult r = runBatch(spec);   // next cell: no import, live view, HTML table
 * }</pre>
 */
public final class JJavaExtension implements Extension {
  @Override
  public void install(BaseKernel kernel) {
    Kernels.quietSlf4jWithoutProvider();
    JJavaBridge bridge = JJavaBridge.of(kernel);
    bridge.registerRenderers(RendererRegistry.shared());
    Kernels.markInitialized(new JJavaDisplay().id()); // a later Kernels.init() registers nothing twice
    bridge.holdInterrupts();
    bridge.evaluate(DefaultImports.IMPORTS);
  }
}
