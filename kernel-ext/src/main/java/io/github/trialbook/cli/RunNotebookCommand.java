package io.github.trialbook.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.notebook.NotebookException;
import io.github.trialbook.notebook.NotebookRunner;
import io.github.trialbook.notebook.Parameters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code run-notebook IN.ipynb OUT.ipynb [-p NAME=VALUE | -p NAME VALUE]... [--html FILE]
 * [--cell-timeout SECONDS] [--cwd DIR] [--classpath JARS]}: executes the notebook's Java cells
 * with no Jupyter (see {@link NotebookRunner} for the conventions and exit codes).
 */
final class RunNotebookCommand {
  static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar run-notebook IN.ipynb OUT.ipynb
             [-p NAME=VALUE | -p NAME VALUE]... [--html FILE] [--cell-timeout SECONDS]
             [--cwd DIR] [--classpath JAR:JAR...]
        executes the Java cells of IN.ipynb in order in a fresh JVM (JShell) and writes OUT.ipynb
        after every cell; -p values are Java literals (500, 0.5, true, '"text"', List.of(1, 2))
        injected after the cell tagged parameters, as papermill does
      exit codes: 0 all cells ran, 1 a cell raised, 2 bad arguments or notebook, 3 a cell timed
      out, 4 the JVM running the cells died""";

  private RunNotebookCommand() {}

  static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    List<Path> files = new ArrayList<>();
    Parameters params = Parameters.none();
    Path html = null;
    Duration timeout = null;
    Path cwd = null;
    List<String> classpath = new ArrayList<>();
    Map<String, String> secrets = new LinkedHashMap<>();
    try {
      for (int i = 0; i < args.size(); i++) {
        String a = args.get(i);
        switch (a) {
          case "-p", "--parameters" -> {
            String first = value(args, ++i, a);
            int eq = first.indexOf('=');
            String name = eq > 0 ? first.substring(0, eq) : first;
            String literal = eq > 0 ? first.substring(eq + 1) : value(args, ++i, a + " " + first);
            if (Secrets.looksSecret(name)) {
              // the value goes to the cells' JVM only; the notebook shows ***
              JsonNode v = Parameters.none().with(name, literal).json(name);
              secrets.put(name, v.isTextual() ? v.textValue() : v.toString());
              literal = "\"" + Secrets.MASK + "\"";
            }
            params = params.with(name, literal);
          }
          case "--html" -> html = Path.of(value(args, ++i, a));
          case "--cwd" -> cwd = Path.of(value(args, ++i, a));
          case "--classpath" -> classpath.addAll(Arrays.asList(value(args, ++i, a)
              .split(java.io.File.pathSeparator)));
          case "--cell-timeout" -> {
            String s = value(args, ++i, a);
            try {
              timeout = Duration.ofSeconds(Long.parseLong(s));
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException("--cell-timeout takes whole seconds, got '" + s
                  + "'; e.g. --cell-timeout 600");
            }
          }
          default -> {
            if (a.startsWith("-")) {
              throw new IllegalArgumentException("unknown option '" + a + "'; run with --help for the options");
            }
            files.add(Path.of(a));
          }
        }
      }
      if (files.size() != 2) {
        throw new IllegalArgumentException("run-notebook needs IN.ipynb and OUT.ipynb (got "
            + files.size() + " file" + (files.size() == 1 ? "" : "s") + ")");
      }
    } catch (IllegalArgumentException | NotebookException e) {
      err.println(e.getMessage() + "\n" + USAGE);
      return NotebookRunner.BAD_INPUT;
    }
    return NotebookRunner.run(new NotebookRunner.Options(files.get(0), files.get(1), params, html,
        timeout, cwd, classpath, secrets), err);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(i);
  }
}
