package io.github.trialbook.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The words of a command that takes one run directory: {@code RUN_DIR}, options with a value and
 * flags, in any order. A mistake is an {@code IllegalArgumentException} whose message names it.
 *
 * <pre>{@code
 * RunDirArgs a = RunDirArgs.parse(List.of("runs/x", "--html", "r.html"), "report",
 *     Set.of("--html"), Set.of());
 * }</pre>
 */
record RunDirArgs(Path runDir, Map<String, String> values, Set<String> flags) {
  static RunDirArgs parse(List<String> args, String command, Set<String> valued,
      Set<String> flagNames) {
    Path runDir = null;
    Map<String, String> values = new LinkedHashMap<>();
    Set<String> flags = new java.util.LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (valued.contains(a)) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(a + " needs a value");
        }
        values.put(a, args.get(++i));
      } else if (flagNames.contains(a)) {
        flags.add(a);
      } else if (a.startsWith("-")) {
        throw new IllegalArgumentException("unknown option '" + a + "'; run with --help for the options");
      } else if (runDir == null) {
        runDir = Path.of(a);
      } else {
        throw new IllegalArgumentException("one RUN_DIR only (got " + runDir + " and " + a + ")");
      }
    }
    if (runDir == null) {
      throw new IllegalArgumentException(command + " needs the run directory");
    }
    return new RunDirArgs(runDir, Map.copyOf(values), Set.copyOf(flags));
  }
}
