package io.github.trialbook;

import io.github.trialbook.demo.TriageDemo;
import io.github.trialbook.jupyter.InstallKernel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code trialbook-kernel-ext-<version>-all.jar}.
 *
 * <pre>{@code
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar install-kernel --kernel rapaio --user
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar demo
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar audit runs/sweep --strict
 * }</pre>
 */
public final class Main {
  private static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar <command>
        install-kernel --kernel rapaio|ijava [--user|--prefix DIR|--sys-prefix] [--name NAME]
                       [--display-name TEXT] [--kernel-jar PATH] [--jar PATH] [--java PATH]
            writes a kernelspec with Trialbook on the class path and its default imports
        demo [--inputs N]
            runs an example batch in the console with live text progress
        audit RUN_DIR [--archive DIR] [--strict]
            checks that every expected case of a run is there with its files; exit 0 when
            complete, 1 when not (with --strict), 2 on a bad run directory""";

  private Main() {}

  public static void main(String[] args) throws Exception {
    List<String> list = Arrays.asList(args);
    String command = list.isEmpty() ? "help" : list.get(0);
    switch (command) {
      case "install-kernel" -> {
        try {
          Path dir = InstallKernel.run(list.subList(1, list.size()));
          System.out.println("installed kernelspec " + dir.getFileName() + " in " + dir);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          System.exit(2);
        }
      }
      case "demo" -> TriageDemo.main(list.subList(1, list.size()).toArray(String[]::new));
      case "audit" -> System.exit(AuditCommand.run(list.subList(1, list.size()), System.out,
          System.err));
      default -> {
        System.err.println(USAGE);
        System.exit(command.equals("help") || command.equals("--help") ? 0 : 2);
      }
    }
  }
}
