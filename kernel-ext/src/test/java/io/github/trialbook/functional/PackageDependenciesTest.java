package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependency arrows of the design true. Each package states in its
 * {@code package-info.java} what it is for and, in one "Arrows" paragraph, what it may import
 * besides the JDK; this test reads those paragraphs and every real import. A package without the
 * paragraph, an import outside its arrows, or a cycle between packages fails. ({@code batch.event}
 * is the event half of {@code batch}'s vocabulary: the cycle check counts a sub-package with its
 * parent.)
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/io/github/trialbook");
  private static final String P = "io.github.trialbook.";
  private static final Pattern IMPORT = Pattern.compile("^import (static )?([\\w.]+)", Pattern.MULTILINE);
  private static final Pattern ARROWS = Pattern.compile(
      "Arrows \\(what it may import[^)]*\\):\\s*(.*?)\\.\\s*(?:\\*/|\\n\\s*\\*\\s*\\n)", Pattern.DOTALL);
  private static final Pattern CODE = Pattern.compile("\\{@code ([^}]+)}");
  private static final String ROOT = "(root)";

  @Test
  void everyPackageStatesItsArrows() throws IOException {
    List<String> missing = new ArrayList<>();
    for (String pkg : packages()) {
      Path info = dir(pkg).resolve("package-info.java");
      if (!Files.exists(info)) {
        missing.add(pkg + ": no package-info.java");
      } else if (!ARROWS.matcher(Files.readString(info)).find()) {
        missing.add(pkg + ": package-info.java has no 'Arrows (what it may import ...):' paragraph");
      }
    }
    assertThat(missing).as("write each package's purpose and arrows in its package-info.java").isEmpty();
  }

  @Test
  void packagesImportOnlyWhatTheirArrowsAllow() throws IOException {
    Set<String> packages = packages();
    List<String> violations = new ArrayList<>();
    for (String pkg : packages) {
      List<String> allowed = arrows(pkg, packages);
      if (allowed == null) {
        continue; // reported by everyPackageStatesItsArrows
      }
      for (Path file : javaFiles(pkg)) {
        for (String imported : imports(file)) {
          String own = pkg.equals(ROOT) ? P : P + pkg + ".";
          boolean inOwn = imported.startsWith(own) && (pkg.equals(ROOT) ? isRootType(imported) : true);
          boolean ok = imported.startsWith("java.") || inOwn
              || allowed.contains("*") || allowed.stream().anyMatch(imported::startsWith);
          if (!ok) {
            violations.add(pkg + "/" + file.getFileName() + " imports " + imported);
          }
        }
      }
    }
    assertThat(violations).as("imports outside the arrows in package-info.java").isEmpty();
  }

  @Test
  void noPackagesDependOnEachOtherInACycle() throws IOException {
    Set<String> packages = packages();
    Map<String, Set<String>> graph = new TreeMap<>();
    for (String pkg : packages) {
      String from = unit(pkg);
      graph.computeIfAbsent(from, k -> new TreeSet<>());
      for (Path file : javaFiles(pkg)) {
        for (String imported : imports(file)) {
          String target = packageOf(imported, packages);
          if (target != null && !unit(target).equals(from)) {
            graph.get(from).add(unit(target));
          }
        }
      }
    }
    assertThat(cycles(graph)).as("package cycles (arrows must point one way)").isEmpty();
  }

  @Test
  void onlyTheJupyterPackageTouchesAKernel() throws IOException {
    List<String> violations = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        if (!file.startsWith(SOURCES.resolve("jupyter"))
            && (source.contains("import io.github.spencerpark") || source.contains("import org.rapaio")
                || source.contains("import org.dflib.jjava"))) {
          violations.add(SOURCES.relativize(file).toString());
        }
      }
    }
    assertThat(violations).isEmpty();
  }

  /** Every package with Java sources, relative to io.github.trialbook; the root is "(root)". */
  private static Set<String> packages() throws IOException {
    Set<String> found = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
        Path rel = SOURCES.relativize(f.getParent());
        found.add(rel.toString().isEmpty() ? ROOT : rel.toString().replace('/', '.'));
      });
    }
    return found;
  }

  private static Path dir(String pkg) {
    return pkg.equals(ROOT) ? SOURCES : SOURCES.resolve(pkg.replace('.', '/'));
  }

  private static List<Path> javaFiles(String pkg) throws IOException {
    try (Stream<Path> files = Files.list(dir(pkg))) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  private static List<String> imports(Path file) throws IOException {
    List<String> out = new ArrayList<>();
    Matcher m = IMPORT.matcher(Files.readString(file));
    while (m.find()) {
      out.add(m.group(2));
    }
    return out;
  }

  /**
   * The import prefixes the package's arrows allow: {@code batch} allows {@code io.github.trialbook.batch.}
   * (and only that package), {@code store.TrialSink} that one type, {@code com.fasterxml.jackson}
   * that library; {@code any} allows everything. Null when the package states no arrows.
   */
  private static List<String> arrows(String pkg, Set<String> packages) throws IOException {
    Path info = dir(pkg).resolve("package-info.java");
    if (!Files.exists(info)) {
      return null;
    }
    Matcher m = ARROWS.matcher(Files.readString(info));
    if (!m.find()) {
      return null;
    }
    List<String> allowed = new ArrayList<>();
    Matcher code = CODE.matcher(m.group(1));
    while (code.find()) {
      String token = code.group(1).trim();
      if (token.equals("any")) {
        allowed.add("*");
      } else if (packages.contains(token)) {
        allowed.add(P + token + ".");
      } else if (packages.contains(token.substring(0, Math.max(0, token.lastIndexOf('.'))))) {
        allowed.add(P + token); // one type of another package
      } else {
        allowed.add(token + ".");
      }
    }
    return allowed;
  }

  /** The Trialbook package an import belongs to, or null for a library or the JDK. */
  private static String packageOf(String imported, Set<String> packages) {
    if (!imported.startsWith(P)) {
      return null;
    }
    String rest = imported.substring(P.length());
    String best = isRootType(imported) ? ROOT : null;
    for (String pkg : packages) {
      if (!pkg.equals(ROOT) && rest.startsWith(pkg + ".") && (best == null || best.equals(ROOT)
          || pkg.length() > best.length())) {
        best = pkg;
      }
    }
    return best;
  }

  private static boolean isRootType(String imported) {
    String rest = imported.substring(P.length());
    return !rest.isEmpty() && Character.isUpperCase(rest.charAt(0));
  }

  /** A package and its sub-packages are one unit ({@code batch.event} belongs to {@code batch}). */
  private static String unit(String pkg) {
    int dot = pkg.indexOf('.');
    return dot < 0 ? pkg : pkg.substring(0, dot);
  }

  /** Each cycle once, as "a -> b -> a", found by a depth-first search from every node. */
  private static List<String> cycles(Map<String, Set<String>> graph) {
    Set<String> reported = new LinkedHashSet<>();
    for (String start : graph.keySet()) {
      Deque<List<String>> stack = new ArrayDeque<>();
      stack.push(List.of(start));
      Set<String> seen = new HashSet<>();
      while (!stack.isEmpty()) {
        List<String> path = stack.pop();
        String last = path.get(path.size() - 1);
        for (String next : graph.getOrDefault(last, Set.of())) {
          if (next.equals(start)) {
            List<String> cycle = new ArrayList<>(path);
            reported.add(canonical(cycle));
          } else if (seen.add(next)) {
            List<String> longer = new ArrayList<>(path);
            longer.add(next);
            stack.push(longer);
          }
        }
      }
    }
    return new ArrayList<>(reported);
  }

  private static String canonical(List<String> cycle) {
    int min = 0;
    for (int i = 1; i < cycle.size(); i++) {
      if (cycle.get(i).compareTo(cycle.get(min)) < 0) {
        min = i;
      }
    }
    List<String> rotated = new ArrayList<>(cycle.subList(min, cycle.size()));
    rotated.addAll(cycle.subList(0, min));
    rotated.add(rotated.get(0));
    return String.join(" -> ", rotated);
  }
}
