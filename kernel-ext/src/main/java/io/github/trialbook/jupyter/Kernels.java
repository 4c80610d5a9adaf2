package io.github.trialbook.jupyter;

import io.github.trialbook.display.ConsoleView;
import io.github.trialbook.display.LiveView;
import io.github.trialbook.display.ProgressView;
import io.github.trialbook.display.RendererRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds the kernel this JVM runs in. Adapters come from {@link ServiceLoader}; the available one
 * with the highest {@link KernelDisplay#priority()} wins and is logged. Name one explicitly with
 * the system property {@code trialbook.kernel} or the environment variable {@code TRIALBOOK_KERNEL}
 * ({@code ijava}, {@code jjava}, {@code rapaio}, {@code console}).
 *
 * <p>Automatic picking first asks a cheap question that loads no class and scans no jar: has a
 * kernel's code been loaded ({@link ClassLoader#getDefinedPackage} of basekernel, JJava or the
 * notebook runner's cell host, in Trialbook's and the thread's class loaders), or does the
 * command line look like a kernel's (Rapaio's jar, or the {@code .json} connection file Jupyter
 * passes every kernel)? Only then are the adapters loaded and asked. A plain JVM (a script, a
 * benchmark, a test without a kernel) so pays nothing for the search on its first batch, where the
 * service scan and the adapters' probes (which load the kernels' classes when their jars are on the
 * class path) cost 40–90 ms.
 *
 * <pre>{@code
 * Kernels.init();                                   // renderers for cell values, once (the
 *                                                   // first Trialbook call in a kernel does it)
 * Optional<ProgressView> view = Kernels.liveView(); // empty outside a notebook kernel
 * }</pre>
 */
public final class Kernels {
  static final String PROPERTY = "trialbook.kernel";
  static final String ENV = "TRIALBOOK_KERNEL";
  private static final String SLF4J_PROVIDER = "slf4j.provider";
  private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";
  /**
   * Packages whose classes are loaded in a JVM that runs a kernel Trialbook knows: IJava and every
   * other basekernel kernel, JJava, and {@code run-notebook}'s cell host.
   */
  private static final String[] KERNEL_PACKAGES = {"io.github.spencerpark.jupyter.kernel",
      "org.dflib.jjava.jupyter.kernel", "io.github.trialbook.cellhost"};
  private static volatile String initializedFor;
  private static volatile String lastLogged;

  private Kernels() {}

  /** Every adapter on the class path, available or not; a broken one is logged and skipped. */
  public static List<KernelDisplay> all() {
    List<KernelDisplay> found = new ArrayList<>();
    Iterator<KernelDisplay> it = ServiceLoader.load(KernelDisplay.class, loader()).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        found.add(it.next());
      } catch (ServiceConfigurationError e) {
        log(Level.WARNING, "skipping a KernelDisplay that could not be loaded: " + e.getMessage());
      }
    }
    return found;
  }

  /**
   * The notebook kernel this JVM runs in: the one named by {@code trialbook.kernel} /
   * {@code TRIALBOOK_KERNEL}, else the available adapter with the highest priority. Empty in a
   * plain JVM (the console is not a notebook kernel; see {@link #currentOrConsole()}).
   */
  public static Optional<KernelDisplay> current() {
    String forced = forcedId();
    if (forced != null) {
      KernelDisplay named = named(forced);
      if (!named.isAvailable()) {
        throw new IllegalStateException("kernel '" + forced + "' was asked for (" + PROPERTY + "/"
            + ENV + ") but is not running in this JVM; unset it to pick automatically");
      }
      logPick(named, "named by " + PROPERTY + "/" + ENV);
      return named.id().equals("console") ? Optional.empty() : Optional.of(named);
    }
    if (!mayRunKernel()) {
      return Optional.empty();
    }
    KernelDisplay best = null;
    for (KernelDisplay k : all()) {
      if (!k.id().equals("console") && (best == null || k.priority() > best.priority())
          && availableQuietly(k)) {
        best = k;
      }
    }
    if (best != null) {
      logPick(best, "picked automatically");
    }
    return Optional.ofNullable(best);
  }

  /**
   * Whether a notebook kernel may run in this JVM, asked without loading a class or scanning a jar:
   * a known kernel's package is defined in Trialbook's or this thread's class loader (or a parent
   * of either), or the command line names Rapaio or a {@code .json} file (the connection file
   * Jupyter passes every kernel, ours and others'). False means no adapter can be available, so a
   * plain JVM never loads them.
   */
  static boolean mayRunKernel() {
    String command = System.getProperty("sun.java.command", "");
    if (command.contains(".json") || command.contains("rapaio")) {
      return true;
    }
    return definesKernelPackage(loader()) || definesKernelPackage(Thread.currentThread()
        .getContextClassLoader());
  }

  private static boolean definesKernelPackage(ClassLoader loader) {
    for (ClassLoader l = loader; l != null; l = l.getParent()) {
      for (String p : KERNEL_PACKAGES) {
        if (l.getDefinedPackage(p) != null) {
          return true;
        }
      }
    }
    return false;
  }

  /** {@link #current()} or, outside a notebook kernel, the console. */
  public static KernelDisplay currentOrConsole() {
    return current().orElseGet(ConsoleDisplay::new);
  }

  /** The adapter with this id; the error lists the ids there are. */
  public static KernelDisplay named(String id) {
    List<KernelDisplay> all = all();
    return all.stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow(() ->
        new IllegalArgumentException("kernel '" + id + "' is unknown; known kernels: "
            + all.stream().map(KernelDisplay::id).collect(Collectors.joining(", "))));
  }

  /** A live progress view in the current notebook kernel, or empty outside one. */
  public static Optional<ProgressView> liveView() {
    return liveView(LiveView.Options.defaults());
  }

  /** Same, with other throttle or size limits. */
  public static Optional<ProgressView> liveView(LiveView.Options options) {
    return current().map(k -> new LiveView(k, options));
  }

  /**
   * Where a batch draws its progress: the live view in a notebook kernel; outside one the console's
   * text progress when {@code consoleFallback}, else nothing (null).
   */
  public static ProgressView viewOrConsole(boolean consoleFallback) {
    return liveView().orElseGet(() -> consoleFallback ? ConsoleView.standard() : null);
  }

  /**
   * Registers {@link RendererRegistry#shared()} with the current kernel so Trialbook objects
   * render as cell values. Idempotent; a no-op outside a notebook kernel. The IJava kernelspec
   * written by {@code install-kernel} calls it at start-up; JJava calls it through
   * {@link JJavaExtension} when the jar is added; Rapaio finds the renderers through its display
   * SPI by itself when the jar is on the kernel's class path.
   */
  public static synchronized void init() {
    quietSlf4jWithoutProvider();
    Optional<KernelDisplay> kernel = current();
    if (kernel.isEmpty() || kernel.get().id().equals(initializedFor)) {
      return;
    }
    kernel.get().registerRenderers(RendererRegistry.shared());
    initializedFor = kernel.get().id();
  }

  /** Renderers are registered with kernel {@code id} by other means (JJava's extension). */
  static synchronized void markInitialized(String id) {
    initializedFor = id;
  }

  /**
   * {@link #init()} when this JVM runs a notebook kernel, nothing in a plain JVM. Trialbook's
   * entry points run it once, at their first use ({@link KernelsOnFirstUse}), so a kernel that got
   * the jar by {@code %jars} or on its class path renders tables, metrics and charts and keeps
   * SLF4J quiet without a setup call; the SLF4J setting comes before any Trialbook code makes a
   * table, hence before Tablesaw first logs.
   */
  public static void initIfInKernel() {
    if (current().isPresent()) {
      init();
    }
  }

  /**
   * Tablesaw logs through SLF4J 2, which prints three warnings into the first cell that makes a
   * table when no logging provider is on the class path (a kernel the researcher set up, with the
   * jar added by {@code %jar}). Only then is its silent fallback chosen, so a provider the
   * researcher added keeps working. Our own kernelspec sets the same through JVM flags.
   */
  static void quietSlf4jWithoutProvider() {
    if (System.getProperty(SLF4J_PROVIDER) != null) {
      return;
    }
    try {
      Class<?> spi = Class.forName("org.slf4j.spi.SLF4JServiceProvider", false, loader());
      if (!ServiceLoader.load(spi, loader()).iterator().hasNext()) {
        System.setProperty(SLF4J_PROVIDER, "org.slf4j.helpers.NOP_FallbackServiceProvider");
        if (System.getProperty(SLF4J_VERBOSITY) == null) {
          System.setProperty(SLF4J_VERBOSITY, "WARN"); // else it announces the choice above
        }
      }
    } catch (ClassNotFoundException | ServiceConfigurationError e) {
      // not SLF4J 2: nothing to quiet
    }
  }

  private static boolean availableQuietly(KernelDisplay k) {
    try {
      return k.isAvailable();
    } catch (RuntimeException | LinkageError e) {
      log(Level.WARNING, "kernel adapter '" + k.id() + "' failed its availability check: " + e);
      return false;
    }
  }

  private static void logPick(KernelDisplay k, String how) {
    String line = k.id() + " (" + k.getClass().getName() + "), " + how;
    if (!line.equals(lastLogged)) {
      lastLogged = line;
      log(Level.INFO, "Trialbook display: " + line);
    }
  }

  /** The logger only when there is something to say: its set-up is not free in a fresh JVM. */
  private static void log(Level level, String message) {
    System.getLogger(Kernels.class.getName()).log(level, message);
  }

  private static String forcedId() {
    String value = System.getProperty(PROPERTY);
    if (value == null || value.isBlank()) {
      value = System.getenv(ENV);
    }
    return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
  }

  /** The loader that holds Trialbook, whether it came on the kernel class path or via {@code %jar}. */
  private static ClassLoader loader() {
    return Kernels.class.getClassLoader();
  }
}
