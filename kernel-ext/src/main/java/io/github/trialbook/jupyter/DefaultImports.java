package io.github.trialbook.jupyter;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The imports every kernel gets before its first cell: the kernelspecs {@code install-kernel}
 * writes run them at start-up, and JJava's Trialbook extension evaluates them when the jar is
 * added. One list, so no kernel misses a package.
 *
 * <pre>{@code
 * System.out.print(DefaultImports.IMPORTS);   // import io.github.trialbook.*; ...
 * }</pre>
 */
public final class DefaultImports {
  /**
   * The packages a notebook uses, imported on demand by every kernelspec. JShell resets earlier
   * variables when a later cell adds an import, so everything a notebook needs is imported before
   * its first cell. A new public package goes here or into {@link #NOT_IMPORTED}
   * ({@code KernelspecImportsEveryUserPackageTest} checks it).
   */
  public static final List<String> USER_PACKAGES = List.of("io.github.trialbook",
      "io.github.trialbook.batch", "io.github.trialbook.batch.event", "io.github.trialbook.eval",
      "io.github.trialbook.chart", "io.github.trialbook.endpoint", "io.github.trialbook.sweep",
      "io.github.trialbook.process", "io.github.trialbook.report", "io.github.trialbook.stats",
      "io.github.trialbook.forecast");
  /** Public packages a notebook does not import, and why. */
  public static final Map<String, String> NOT_IMPORTED = Map.of(
      "io.github.trialbook.cellhost", "the notebook runner's child process; CellDisplay.display is imported alone",
      "io.github.trialbook.cli", "the command line of the -all jar (install-kernel, demo, audit)",
      "io.github.trialbook.display", "live view and renderers, driven by runBatch and the adapters",
      "io.github.trialbook.engine", "the runner behind runBatch",
      "io.github.trialbook.internal", "not for users",
      "io.github.trialbook.jupyter", "kernel adapters; Kernels is called qualified",
      "io.github.trialbook.notebook", "the notebook file model behind the run-notebook command",
      "io.github.trialbook.render", "Renderable and escaping, for result types",
      "io.github.trialbook.store", "run-directory internals; StoredRun is called qualified");
  /** The start-up imports: {@link #USER_PACKAGES}, the facade's statics and Tablesaw's Table. */
  public static final String IMPORTS = USER_PACKAGES.stream().map(p -> "import " + p + ".*;\n")
      .collect(Collectors.joining())
      + "import static io.github.trialbook.Trialbook.*;\n"
      + "import tech.tablesaw.api.Table;\n";

  private DefaultImports() {}
}
