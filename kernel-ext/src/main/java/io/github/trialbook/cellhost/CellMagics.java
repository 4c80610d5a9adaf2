package io.github.trialbook.cellhost;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The line magics a cell may hold: {@code %jars a.jar lib/*.jar} and its alias {@code %jar}. A
 * magic is a line whose first non-blank text is {@code %} and a name; it is blanked in the code
 * (so line numbers of errors hold) and its jars are returned. Globs are expanded relative to the
 * working directory, {@code ~/} to the home directory.
 */
final class CellMagics {
  private static final Pattern MAGIC = Pattern.compile("^\\s*%(\\w+)(.*)$");

  /** The code with its magic lines blanked, and the jars they name, in order. */
  record Parsed(String code, List<Path> jars) {}

  /** A magic line that names no known magic or no existing jar. */
  static final class MagicException extends Exception {
    private static final long serialVersionUID = 1L;

    MagicException(String message) {
      super(message);
    }
  }

  private CellMagics() {}

  static Parsed parse(String code, Path workDir) throws MagicException {
    String[] lines = code.split("\n", -1);
    List<Path> jars = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      Matcher m = MAGIC.matcher(lines[i]);
      if (!m.matches()) {
        continue;
      }
      String name = m.group(1);
      if (!name.equals("jars") && !name.equals("jar")) {
        throw new MagicException("unknown magic %" + name + " (line " + (i + 1) + "; known: %jars, %jar)");
      }
      String[] args = m.group(2).trim().split("\\s+");
      if (args.length == 1 && args[0].isEmpty()) {
        throw new MagicException("%" + name + " needs at least one jar (line " + (i + 1) + ")");
      }
      for (String arg : args) {
        jars.addAll(expand(name, arg, workDir));
      }
      lines[i] = "";
    }
    return new Parsed(String.join("\n", lines), jars);
  }

  private static List<Path> expand(String magic, String arg, Path workDir) throws MagicException {
    String path = arg.startsWith("~/") ? System.getProperty("user.home") + arg.substring(1) : arg;
    int glob = firstGlobChar(path);
    if (glob < 0) {
      Path file = workDir.resolve(path).normalize();
      if (!Files.isRegularFile(file)) {
        throw new MagicException("%" + magic + ": no such file " + file);
      }
      return List.of(file);
    }
    int slash = path.lastIndexOf('/', glob);
    Path base = workDir.resolve(slash < 0 ? "" : path.substring(0, slash + 1)).normalize();
    String pattern = path.substring(slash + 1);
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    int depth = pattern.contains("**") ? Integer.MAX_VALUE : pattern.split("/").length;
    List<Path> found;
    try (Stream<Path> files = Files.isDirectory(base) ? Files.walk(base, depth) : Stream.empty()) {
      found = files.filter(Files::isRegularFile).filter(f -> matcher.matches(base.relativize(f)))
          .sorted().toList();
    } catch (IOException e) {
      throw new MagicException("%" + magic + ": cannot list " + base + ": " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new MagicException("%" + magic + ": no file matches " + arg + " in " + workDir);
    }
    return found;
  }

  private static int firstGlobChar(String path) {
    for (int i = 0; i < path.length(); i++) {
      if ("*?[{".indexOf(path.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
