package io.github.trialbook.cli;

import io.github.trialbook.jupyter.DefaultImports;
import io.github.trialbook.jupyter.RapaioKernelMain;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a Jupyter kernelspec that starts a Java kernel with the Trialbook jar on its class path
 * and a start-up script with the default imports, so the first cell needs no magic:
 *
 * <pre>{@code
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel rapaio --user
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel ijava \
 *     --kernel-jar ~/ijava/ijava-1.3.0.jar --prefix /opt/conda --name trialbook-ijava
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel jjava \
 *     --kernel-jar ~/jjava/jjava.jar --user
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel rapaio --spark
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel ijava \
 *     --kernel-jar ~/ijava/ijava-1.3.0.jar --spark-home $SPARK_HOME \
 *     --spark-jar trialbook-spark-0.1.0.jar --name trialbook-ijava-spark
 * }</pre>
 *
 * <p>{@code --spark-home DIR} makes the kernel a Spark driver: Spark's jars ({@code DIR/jars},
 * listed when installing) go first on the kernel JVM's class path and on the kernel's own class
 * path (what its cells compile against), before the kernel's jar and Trialbook's, so Spark's
 * Jackson is the one loaded; the kernel starts with Spark's Java 17 flags and with
 * {@code SPARK_HOME} and {@code SPARK_SCALA_VERSION} set, which {@code local-cluster} masters
 * need to start executors. {@code --spark-jar} adds {@code trialbook-spark}'s jar the same way.
 *
 * <p>The jars are copied into the kernelspec directory, so a later {@code mvn clean} does not
 * break the kernel. Where it goes: {@code --user} (the default; {@code $JUPYTER_DATA_DIR} or
 * {@code ~/.local/share/jupyter}), {@code --prefix DIR} ({@code DIR/share/jupyter}) or
 * {@code --sys-prefix} ({@code $CONDA_PREFIX} or {@code $VIRTUAL_ENV}).
 */
public final class InstallKernel {
  /**
   * IJava and JJava run start-up snippets as cells (JJava's Trialbook extension does the same
   * again, harmlessly, unless {@code JJAVA_LOAD_EXTENSIONS=0}); Rapaio accepts only imports and
   * finds renderers by SPI.
   */
  static final String IJAVA_INIT = "io.github.trialbook.jupyter.Kernels.init();\n";

  /** Tablesaw logs through SLF4J; without a provider it prints three warnings into a cell. */
  static final String QUIET_SLF4J = "-Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider";
  /** Without it SLF4J 2 announces the provider chosen above on stderr, in the first cell. */
  static final String QUIET_SLF4J_REPORT = "-Dslf4j.internal.verbosity=WARN";

  /**
   * What Spark 3.5 needs on Java 17 (its launcher's {@code JavaModuleOptions}): a notebook
   * kernel is a Spark driver started without Spark's launcher, so {@code --spark} puts these
   * on the kernel's command line. Executors get them from Spark itself.
   */
  static final List<String> SPARK_JAVA17_OPTIONS = List.of("-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false");

  /** What {@code install-kernel --help} prints: one line per option. */
  public static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar install-kernel --kernel K [options]
      writes a Jupyter kernelspec that starts kernel K with Trialbook on its class path
        --kernel rapaio|ijava|jjava  the Java kernel to start (required)
        --user                       install for this user (default; $JUPYTER_DATA_DIR or ~/.local)
        --prefix DIR                 install into DIR/share/jupyter
        --sys-prefix                 install into the active $CONDA_PREFIX or $VIRTUAL_ENV
        --name NAME                  the kernelspec's directory name (default trialbook-K)
        --display-name TEXT          the name Jupyter shows (default "Java + Trialbook (K)")
        --kernel-jar PATH            the kernel's jar (required for ijava and jjava; rapaio: 3.0.1 from ~/.m2)
        --jar PATH                   the Trialbook jar to install (default: the jar running this)
        --java PATH                  the java that runs the kernel (default: this JVM's)
        --spark                      adds the --add-opens flags Spark 3.5 needs on Java 17
        --spark-home DIR             a Spark 3.5 (Scala 2.13) home: DIR/jars on the kernel's class path,
                                     SPARK_HOME set, and --spark
        --spark-jar PATH             trialbook-spark's jar, on the kernel's class path (implies --spark)
        -h, --help                   prints this help""";

  /** Parsed options. */
  record Options(String kernel, Path dataDir, String name, String displayName, Path kernelJar,
      Path trialbookJar, String java, boolean spark, Path sparkHome, Path sparkJar) {}

  /** The log configuration of a Spark kernel, beside its kernel.json. */
  static final String SPARK_LOG_CONFIG = "log4j2-spark.properties";
  /**
   * Spark logs through Log4j 2 at INFO, hundreds of lines into the first cells (JJava shows
   * them; Rapaio and IJava have SLF4J quieted): WARN and above, as spark-shell sets it.
   */
  static final String SPARK_LOG4J2 = """
      # written by install-kernel --spark-home: Spark logs WARN and above to the cell's stderr
      rootLogger.level = warn
      rootLogger.appenderRef.stderr.ref = stderr
      appender.stderr.type = Console
      appender.stderr.name = stderr
      appender.stderr.target = SYSTEM_ERR
      appender.stderr.layout.type = PatternLayout
      appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n%ex
      """;

  /** The Scala version of Spark that {@code trialbook-spark} is built for. */
  static final String SPARK_SCALA_VERSION = "2.13";
  /** The kernels' main classes, for a class path that is more than their jar. */
  private static final Map<String, String> MAIN_CLASSES = Map.of(
      "ijava", "io.github.spencerpark.ijava.IJava", "jjava", "org.dflib.jjava.distro.JJava");

  private InstallKernel() {}

  /** Installs and returns the kernelspec directory. */
  public static Path run(List<String> args) throws IOException {
    Options o = parse(args);
    Path dir = o.dataDir().resolve("kernels").resolve(o.name());
    Path lib = dir.resolve("lib");
    Files.createDirectories(lib);
    Path trialbook = copy(o.trialbookJar(), lib);
    Path kernelJar = copy(o.kernelJar(), lib);
    List<Path> sparkJars = new ArrayList<>(sparkJars(o.sparkHome()));
    if (o.sparkJar() != null) {
      sparkJars.add(copy(o.sparkJar(), lib));
    }
    Path startup = dir.resolve("startup.jshell");
    Files.writeString(startup, startupScript(o.kernel()), StandardCharsets.UTF_8);
    if (!sparkJars.isEmpty()) {
      Files.writeString(dir.resolve(SPARK_LOG_CONFIG), SPARK_LOG4J2, StandardCharsets.UTF_8);
    }
    Files.writeString(dir.resolve("kernel.json"),
        kernelJson(o, kernelJar, trialbook, startup, sparkJars), StandardCharsets.UTF_8);
    return dir;
  }

  /** The jars of {@code DIR/jars}, sorted; none without a Spark home. */
  static List<Path> sparkJars(Path sparkHome) throws IOException {
    if (sparkHome == null) {
      return List.of();
    }
    Path jars = sparkHome.resolve("jars");
    List<Path> found = new ArrayList<>();
    if (Files.isDirectory(jars)) {
      try (java.util.stream.Stream<Path> s = Files.list(jars)) {
        s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
            .forEach(p -> found.add(p.toAbsolutePath()));
      }
    }
    if (found.isEmpty()) {
      throw new IllegalArgumentException("install-kernel --spark-home " + sparkHome + ": " + jars
          + " holds no jars; pass the home of a Spark 3.5 distribution built for Scala "
          + SPARK_SCALA_VERSION + " (the folder with bin/ and jars/)");
    }
    return found;
  }

  private static String joined(List<Path> paths) {
    return String.join(java.io.File.pathSeparator, paths.stream().map(Path::toString).toList());
  }

  /** {@code first}, then {@code rest}. */
  private static List<Path> then(List<Path> first, Path... rest) {
    List<Path> all = new ArrayList<>(first);
    all.addAll(List.of(rest));
    return all;
  }

  static String startupScript(String kernel) {
    return kernel.equals("rapaio") ? DefaultImports.IMPORTS : DefaultImports.IMPORTS + IJAVA_INIT;
  }

  /**
   * The kernelspec; {@code sparkJars} (Spark's and trialbook-spark's, possibly none) go first on
   * the JVM's class path and on the kernel's, so Spark's own Jackson and Scala are the ones loaded
   * and cells compile against Spark.
   */
  static String kernelJson(Options o, Path kernelJar, Path trialbook, Path startup,
      List<Path> sparkJars) {
    List<String> argv = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    argv.add(o.java());
    if (o.spark() || !sparkJars.isEmpty()) {
      argv.addAll(SPARK_JAVA17_OPTIONS);
    }
    if (!sparkJars.isEmpty()) {
      argv.add("-Dlog4j2.configurationFile=" + startup.resolveSibling(SPARK_LOG_CONFIG));
    }
    String cells = joined(then(sparkJars, trialbook)); // what cells compile against
    if (o.kernel().equals("rapaio")) {
      // -cp, not -jar: Rapaio's display SPI must find Trialbook's provider at start-up
      argv.addAll(List.of("--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true", QUIET_SLF4J,
          QUIET_SLF4J_REPORT,
          "-cp", joined(then(sparkJars, kernelJar, trialbook)),
          RapaioKernelMain.class.getName(), // Rapaio's MainApp, guarded against its start-up race
          "{connection_file}"));
      env.put("RJK_CLASSPATH", cells);
      env.put("RJK_INIT_SCRIPT", startup.toString());
    } else if (o.kernel().equals("jjava")) {
      // what JJava's jjava-launcher.jar runs in a second JVM, started directly. No SLF4J flags:
      // JJava's shaded SLF4J reads the same property; the extension quiets Tablesaw's at run time
      argv.addAll(List.of("--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED", "-Djava.awt.headless=true"));
      argv.addAll(launch(o.kernel(), kernelJar, trialbook, sparkJars));
      env.put("JJAVA_CLASSPATH", cells);
      env.put("JJAVA_STARTUP_SCRIPTS_PATH", startup.toString());
    } else {
      argv.addAll(List.of("-Djava.awt.headless=true", QUIET_SLF4J, QUIET_SLF4J_REPORT));
      argv.addAll(launch(o.kernel(), kernelJar, trialbook, sparkJars));
      env.put("IJAVA_CLASSPATH", cells);
      env.put("IJAVA_STARTUP_SCRIPTS_PATH", startup.toString());
    }
    if (o.sparkHome() != null) {
      env.put("SPARK_HOME", o.sparkHome().toAbsolutePath().toString());
      env.put("SPARK_SCALA_VERSION", SPARK_SCALA_VERSION);
    }
    StringBuilder json = new StringBuilder("{\n  \"argv\": [");
    for (int i = 0; i < argv.size(); i++) {
      json.append(i == 0 ? "" : ", ").append(quote(argv.get(i)));
    }
    json.append("],\n  \"display_name\": ").append(quote(o.displayName()))
        .append(",\n  \"language\": \"java\",\n  \"interrupt_mode\": \"message\",\n  \"env\": {");
    int i = 0;
    for (Map.Entry<String, String> e : env.entrySet()) {
      json.append(i++ == 0 ? "\n    " : ",\n    ").append(quote(e.getKey())).append(": ")
          .append(quote(e.getValue()));
    }
    return json.append("\n  }\n}\n").toString();
  }

  /**
   * How IJava and JJava start: {@code -jar} their jar, or with Spark's jars {@code -cp} Spark's
   * jars, theirs and Trialbook's, and their main class: Spark and Trialbook then load from the
   * JVM's own class path, where Spark's threads find Trialbook's classes (a task's result, sent
   * back to the driver, is one) whatever their context class loader.
   */
  private static List<String> launch(String kernel, Path kernelJar, Path trialbook,
      List<Path> sparkJars) {
    if (sparkJars.isEmpty()) {
      return List.of("-jar", kernelJar.toString(), "{connection_file}");
    }
    return List.of("-cp", joined(then(sparkJars, kernelJar, trialbook)),
        mainClass(kernel, kernelJar), "{connection_file}");
  }

  /** The kernel jar's Main-Class, or the known one when the jar does not say. */
  private static String mainClass(String kernel, Path kernelJar) {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(kernelJar.toFile())) {
      java.util.jar.Manifest m = jar.getManifest();
      String main = m == null ? null : m.getMainAttributes().getValue("Main-Class");
      if (main != null && !main.isBlank()) {
        return main.strip();
      }
    } catch (IOException e) {
      // not a readable jar: the known main class
    }
    return MAIN_CLASSES.get(kernel);
  }

  static Options parse(List<String> args) {
    String kernel = null;
    Path dataDir = null;
    String where = null;
    String name = null;
    String displayName = null;
    Path kernelJar = null;
    Path trialbookJar = null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    boolean spark = false;
    Path sparkHome = null;
    Path sparkJar = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--kernel" -> kernel = value(args, ++i, a).toLowerCase(Locale.ROOT);
        case "--user", "--sys-prefix" -> where = once(where, a);
        case "--prefix" -> {
          where = once(where, a);
          dataDir = Path.of(value(args, ++i, a)).resolve("share").resolve("jupyter");
        }
        case "--name" -> name = value(args, ++i, a);
        case "--display-name" -> displayName = value(args, ++i, a);
        case "--kernel-jar" -> kernelJar = existing(value(args, ++i, a), a);
        case "--jar" -> trialbookJar = existing(value(args, ++i, a), a);
        case "--java" -> java = value(args, ++i, a);
        case "--spark" -> spark = true;
        case "--spark-home" -> {
          sparkHome = Path.of(value(args, ++i, a));
          spark = true;
        }
        case "--spark-jar" -> {
          sparkJar = existing(value(args, ++i, a), a);
          spark = true;
        }
        default -> throw new IllegalArgumentException("install-kernel: unknown option '" + a
            + "'; run install-kernel --help for the options");
      }
    }
    if (kernel == null || !List.of("rapaio", "ijava", "jjava").contains(kernel)) {
      throw new IllegalArgumentException("install-kernel: --kernel=" + kernel
          + " is not supported; use --kernel rapaio, --kernel ijava or --kernel jjava");
    }
    if (name == null) {
      name = "trialbook-" + kernel;
    }
    if (!name.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("install-kernel: --name '" + name
          + "' may only hold letters, digits, '.', '_' and '-'");
    }
    if (displayName == null) {
      displayName = "Java + Trialbook (" + kernel + ")";
    }
    if (dataDir == null) {
      dataDir = "--sys-prefix".equals(where) ? sysPrefix() : userDataDir();
    }
    if (kernelJar == null) {
      kernelJar = defaultKernelJar(kernel);
    }
    if (trialbookJar == null) {
      trialbookJar = ownJar();
    }
    return new Options(kernel, dataDir, name, displayName, kernelJar, trialbookJar, java,
        spark, sparkHome, sparkJar);
  }

  private static Path defaultKernelJar(String kernel) {
    if (kernel.equals("ijava")) {
      throw new IllegalArgumentException("install-kernel --kernel ijava: --kernel-jar is missing;"
          + " pass the IJava jar (IJava is not on Maven Central), e.g. --kernel-jar ~/ijava/ijava-1.3.0.jar");
    }
    if (kernel.equals("jjava")) {
      throw new IllegalArgumentException("install-kernel --kernel jjava: --kernel-jar is missing; pass the"
          + " jjava.jar of JJava's kernelspec zip (github.com/dflib/jjava/releases),"
          + " e.g. --kernel-jar ~/jjava/jjava.jar");
    }
    Path m2 = Path.of(System.getProperty("user.home"), ".m2", "repository", "io", "github", "padreati",
        "rapaio-jupyter-kernel", "3.0.1", "rapaio-jupyter-kernel-3.0.1.jar");
    if (!Files.isRegularFile(m2)) {
      throw new IllegalArgumentException("install-kernel --kernel rapaio: --kernel-jar is missing and "
          + m2 + " does not exist; fetch it with `mvn dependency:get"
          + " -Dartifact=io.github.padreati:rapaio-jupyter-kernel:3.0.1` or pass --kernel-jar PATH");
    }
    return m2;
  }

  private static Path ownJar() {
    try {
      Path self = Path.of(InstallKernel.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
        return self;
      }
      throw new IllegalArgumentException("install-kernel: not started from a jar (" + self
          + "); pass --jar path/to/trialbook-kernel-ext-<version>-all.jar");
    } catch (URISyntaxException | SecurityException e) {
      throw new IllegalArgumentException("install-kernel: cannot tell which jar runs; pass --jar PATH", e);
    }
  }

  private static Path userDataDir() {
    String env = System.getenv("JUPYTER_DATA_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    String home = System.getProperty("user.home");
    boolean mac = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");
    return mac ? Path.of(home, "Library", "Jupyter") : Path.of(home, ".local", "share", "jupyter");
  }

  private static Path sysPrefix() {
    for (String var : List.of("CONDA_PREFIX", "VIRTUAL_ENV")) {
      String value = System.getenv(var);
      if (value != null && !value.isBlank()) {
        return Path.of(value, "share", "jupyter");
      }
    }
    throw new IllegalArgumentException("install-kernel --sys-prefix: neither CONDA_PREFIX nor VIRTUAL_ENV"
        + " is set; activate the environment first or use --prefix DIR");
  }

  private static Path copy(Path jar, Path lib) throws IOException {
    Path target = lib.resolve(jar.getFileName());
    if (!jar.toAbsolutePath().normalize().equals(target.toAbsolutePath().normalize())) {
      Files.copy(jar, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return target.toAbsolutePath();
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new IllegalArgumentException("install-kernel: " + option + " needs a value");
    }
    return args.get(i);
  }

  private static String once(String where, String option) {
    if (where != null) {
      throw new IllegalArgumentException("install-kernel: " + where + " and " + option
          + " both given; choose one of --user, --prefix DIR, --sys-prefix");
    }
    return option;
  }

  private static Path existing(String path, String option) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException("install-kernel: " + option + " " + path + " is not a file");
    }
    return p;
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
