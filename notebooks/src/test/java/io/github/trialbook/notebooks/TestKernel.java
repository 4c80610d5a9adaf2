package io.github.trialbook.notebooks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The kernels every notebook IT runs in ({@code @ParameterizedClass @EnumSource(TestKernel.class)}).
 * Each entry knows the Trialbook kernelspec {@code setup-jupyter.sh} writes for it, the plain
 * kernelspec (the kernel as its own installer writes it, without Trialbook), the
 * {@code setup-jupyter.sh} options that install it, and, when its kernel is not on this machine,
 * the one line the ITs skip it with. Adding a kernel is one entry here plus its install lines in
 * {@code setup-jupyter.sh}.
 *
 * <p>Kernel quirks the ITs must allow for are methods here, so a workaround for one kernel never
 * loosens the assertions for another.
 */
enum TestKernel {
  /** Rapaio 3.0.1, from Maven Central (the build copies it to target/kernel-jars). */
  RAPAIO("rapaio", "trialbook-rapaio", "rapaio-jupyter-kernel", "%jar", "text/html") {
    @Override
    Optional<Path> kernelJar() {
      return Optional.of(Jupyter.JARS.resolve("rapaio-jupyter-kernel.jar"));
    }

    @Override
    List<String> setupOptions() {
      return List.of(); // setup-jupyter.sh always installs Rapaio
    }

    @Override
    String whereToGetIt() {
      return "run the build through Maven (mvn -pl notebooks -am verify), which copies it there";
    }

    @Override
    boolean endsInterruptedCellUnderTheInterruptRequest() {
      return true;
    }

    @Override
    boolean canLoseAChannelLoopAtStartUp() {
      return true;
    }
  },

  /**
   * IJava 1.3.0 (SpencerPark), not on Maven Central: the jar named by {@code IJAVA_JAR}, else the
   * shared copy at {@code ../shared/kernels/ijava-1.3.0} beside the repository.
   */
  IJAVA("ijava", "trialbook-ijava", "ijava", "%jars", "text/plain") {
    @Override
    Optional<Path> kernelJar() {
      String env = System.getenv("IJAVA_JAR");
      if (env != null && !env.isBlank()) {
        return Optional.of(Path.of(env).toAbsolutePath());
      }
      return Optional.of(Jupyter.SHARED.resolve("kernels/ijava-1.3.0/ijava-1.3.0.jar"));
    }

    @Override
    List<String> setupOptions() {
      return List.of("--ijava-jar", kernelJar().orElseThrow().toString());
    }

    @Override
    String whereToGetIt() {
      return "set IJAVA_JAR to an IJava 1.3.x jar, or put the shared kernels beside the repository";
    }
  },

  /**
   * JJava (dflib), IJava's maintained successor, under its own kernelspec name {@code java}: the
   * kernelspec folder (jjava.jar, jjava-launcher.jar) named by {@code JJAVA_HOME}, else the shared
   * 1.0-a7 at {@code ../shared/kernels/jjava-1.0-a7} beside the repository. Besides the plain and
   * the Trialbook kernelspec, setup-jupyter.sh writes {@link #JJAVA_CLASSPATH_KERNELSPEC}: the plain
   * kernel with only the jar on {@code JJAVA_CLASSPATH}, which the protocol probe uses, so its
   * interrupt and live view go through what Trialbook's extension alone sets up.
   */
  JJAVA("jjava", "trialbook-jjava", "java", "%jars", "text/plain") {
    @Override
    Optional<Path> kernelJar() {
      return Optional.of(home().resolve("jjava.jar"));
    }

    private Path home() {
      String env = System.getenv("JJAVA_HOME");
      if (env != null && !env.isBlank()) {
        return Path.of(env).toAbsolutePath();
      }
      return Jupyter.SHARED.resolve("kernels/jjava-1.0-a7");
    }

    @Override
    List<String> setupOptions() {
      return List.of("--jjava-home", home().toString());
    }

    @Override
    String whereToGetIt() {
      return "set JJAVA_HOME to an unpacked JJava kernelspec (jjava.jar, jjava-launcher.jar), or put the"
          + " shared kernels beside the repository";
    }

    @Override
    String probeKernelspec() {
      return JJAVA_CLASSPATH_KERNELSPEC;
    }
  };

  /** The plain JJava kernel with the Trialbook jar on {@code JJAVA_CLASSPATH} and nothing else. */
  static final String JJAVA_CLASSPATH_KERNELSPEC = "java-trialbook-classpath";

  private final String id;
  private final String kernelspec;
  private final String plainKernelspec;
  private final String jarMagic;
  private final String stringMime;

  TestKernel(String id, String kernelspec, String plainKernelspec, String jarMagic, String stringMime) {
    this.id = id;
    this.kernelspec = kernelspec;
    this.plainKernelspec = plainKernelspec;
    this.jarMagic = jarMagic;
    this.stringMime = stringMime;
  }

  /** Short lower-case name: Trialbook's kernel id, and the folder of this kernel's outputs. */
  String id() {
    return id;
  }

  /** The Trialbook kernelspec: the kernel with the jar on its class path and the default imports. */
  String kernelspec() {
    return kernelspec;
  }

  /** The kernelspec {@code LiveViewProtocolIT} probes: the Trialbook kernelspec unless said otherwise. */
  String probeKernelspec() {
    return kernelspec;
  }

  /** The kernel as its own installer writes it, without Trialbook (for {@code %jar} tests). */
  String plainKernelspec() {
    return plainKernelspec;
  }

  /** The line magic that adds a jar to a running kernel, e.g. {@code %jars}. */
  String jarMagic() {
    return jarMagic;
  }

  /** The MIME type a String cell value comes as: Rapaio sends text/html, IJava and JJava text/plain. */
  String stringMime() {
    return stringMime;
  }

  /** The kernel's jar, where the tests look for it (it may not exist). */
  abstract Optional<Path> kernelJar();

  /** What {@code setup-jupyter.sh} needs to install this kernel; only asked when it is available. */
  abstract List<String> setupOptions();

  /** The second half of the skip line: how to make the kernel available. */
  abstract String whereToGetIt();

  /** Why this kernel cannot run here, or empty when it can. */
  Optional<String> missing() {
    Optional<Path> jar = kernelJar();
    if (jar.isPresent() && Files.isRegularFile(jar.get())) {
      return Optional.empty();
    }
    return Optional.of(name() + " notebook ITs skipped: no kernel jar at "
        + jar.map(Path::toString).orElse("(none)") + "; " + whereToGetIt());
  }

  boolean isAvailable() {
    return missing().isEmpty();
  }

  /**
   * Aborts the calling IT (a JUnit assumption) when the kernel is missing, printing the skip line
   * once per test run rather than once per IT.
   */
  void assumeAvailable() {
    Optional<String> why = missing();
    if (why.isPresent() && SKIP_LINE_PRINTED.add(this)) {
      System.out.println(why.get());
    }
    Assumptions.assumeTrue(why.isEmpty(), () -> why.orElse(""));
  }

  private static final java.util.Set<TestKernel> SKIP_LINE_PRINTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Rapaio 3.0.1 sends an interrupted cell's last messages (its idle, late display updates) with
   * the interrupt_request as parent, not the cell's execute_request.
   */
  boolean endsInterruptedCellUnderTheInterruptRequest() {
    return false;
  }

  /** Rapaio 3.0.1 can lose a channel loop at start-up; its Trialbook kernelspec revives it. */
  boolean canLoseAChannelLoopAtStartUp() {
    return false;
  }

  /** The {@code setup-jupyter.sh} options of every available kernel. */
  static List<String> setupOptionsOfAvailable() {
    List<String> options = new ArrayList<>();
    for (TestKernel k : values()) {
      if (k.isAvailable()) {
        options.addAll(k.setupOptions());
      }
    }
    return options;
  }

  @Override
  public String toString() {
    return id;
  }
}
