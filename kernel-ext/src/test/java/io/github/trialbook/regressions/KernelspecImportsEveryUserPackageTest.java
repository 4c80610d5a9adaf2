package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.cli.InstallKernel;
import io.github.trialbook.jupyter.DefaultImports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 16: JShell resets earlier variables when a later cell adds an import, and the
 * kernelspecs imported only {@code io.github.trialbook.*}, so the README's "Evaluate" imports in a
 * new cell turned {@code r} into null. Every public package is either imported by the kernelspecs
 * or named as not for notebooks, and the imports clash with no name a Java kernel imports itself.
 */
class KernelspecImportsEveryUserPackageTest {
  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PUBLIC_TYPE = Pattern.compile(
      "^public (final |abstract |sealed |non-sealed )*(class|interface|record|enum|@interface) ",
      Pattern.MULTILINE);
  /** What JShell and IJava import on their own (IJava's ijava-jshell-init.jshell, JShell's DEFAULT). */
  private static final List<String> KERNEL_IMPORTS = List.of("java.io", "java.math", "java.net",
      "java.nio.file", "java.util", "java.util.concurrent", "java.util.function", "java.util.prefs",
      "java.util.regex", "java.util.stream");

  @TempDir
  Path tmp;

  @Test
  void everyPublicPackageIsImportedOrSaysWhyNot() throws IOException {
    Set<String> listed = new TreeSet<>(DefaultImports.USER_PACKAGES);
    listed.addAll(DefaultImports.NOT_IMPORTED.keySet());
    assertThat(listed).as("packages with public types under " + SOURCES).isEqualTo(publicPackages());
    assertThat(DefaultImports.USER_PACKAGES).contains("io.github.trialbook.batch",
        "io.github.trialbook.eval", "io.github.trialbook.chart", "io.github.trialbook.endpoint")
        .doesNotContainAnyElementsOf(DefaultImports.NOT_IMPORTED.keySet());
  }

  @Test
  void bothKernelspecsImportEveryUserPackageBeforeTheFirstCell() throws Exception {
    Path jar = Files.writeString(tmp.resolve("t.jar"), "jar");
    Path kernel = Files.writeString(tmp.resolve("kernel.jar"), "jar");
    for (String k : List.of("rapaio", "ijava")) {
      Path dir = InstallKernel.run(List.of("--kernel", k, "--prefix", tmp.resolve(k).toString(),
          "--kernel-jar", kernel.toString(), "--jar", jar.toString()));
      JsonNode env = new ObjectMapper().readTree(dir.resolve("kernel.json").toFile()).get("env");
      String script = Files.readString(Path.of(env.get(k.equals("ijava") ? "IJAVA_STARTUP_SCRIPTS_PATH"
          : "RJK_INIT_SCRIPT").asText()));
      for (String p : DefaultImports.USER_PACKAGES) {
        assertThat(script).as(k).contains("import " + p + ".*;\n");
      }
      assertThat(script).as(k).contains("import static io.github.trialbook.Trialbook.*;",
          "import tech.tablesaw.api.Table;");
    }
  }

  /** An on-demand import that shares a simple name with another makes that name unusable. */
  @Test
  void theImportedPackagesShareNoSimpleNameWithEachOtherOrTheKernelsImports() throws IOException {
    Set<String> seen = new HashSet<>();
    List<String> clashes = new ArrayList<>();
    for (String p : DefaultImports.USER_PACKAGES) {
      for (String name : publicTypes(p)) {
        if (!seen.add(name)) {
          clashes.add(name + " in two Trialbook packages");
        }
        for (String jdk : KERNEL_IMPORTS) {
          if (exists(jdk + "." + name)) {
            clashes.add(p + "." + name + " vs " + jdk + "." + name);
          }
        }
      }
    }
    assertThat(seen).contains("BatchSpec", "Metrics", "RocChart", "EndpointPool", "ProgressSnapshot");
    assertThat(clashes).isEmpty();
  }

  private static boolean exists(String className) {
    try {
      Class.forName(className, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private static Set<String> publicPackages() throws IOException {
    Set<String> packages = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (PUBLIC_TYPE.matcher(Files.readString(f)).find()) {
          packages.add(SOURCES.relativize(f.getParent()).toString().replace('/', '.'));
        }
      }
    }
    return packages;
  }

  private static List<String> publicTypes(String pkg) throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(SOURCES.resolve(pkg.replace('.', '/')))) {
      for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        if (PUBLIC_TYPE.matcher(Files.readString(f)).find()) {
          names.add(f.getFileName().toString().replace(".java", ""));
        }
      }
    }
    return names;
  }
}
