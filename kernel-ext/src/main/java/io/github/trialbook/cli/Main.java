package io.github.trialbook.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The command line of {@code trialbook-kernel-ext-<version>-all.jar}. Every command takes
 * {@code --help} (or {@code -h}): its usage on stdout, exit status 0. A mistake (an unknown
 * command or option, a bad value) is one line on stderr naming it, exit status 2.
 *
 * <pre>{@code
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar install-kernel --kernel rapaio --user
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar demo --inputs 100
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar install-kernel --help
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar audit runs/sweep --strict
 * java -jar trialbook-kernel-ext-0.1.0-SNAPSHOT-all.jar report runs/triage --html report.html
 * }</pre>
 */
public final class Main {
  private static final String USAGE = """
      usage: java -jar trialbook-kernel-ext-<version>-all.jar <command> [options]
      commands:
        install-kernel   writes a Jupyter kernelspec with Trialbook on the kernel's class path
        demo             runs an example batch in the console with live text progress
        audit            checks that every expected case of a run is there with its files
        report           writes a run's report: self-contained HTML and/or Markdown
        run-notebook     executes a notebook's Java cells without Jupyter, papermill-style
      options:
        -h, --help       prints this help; <command> --help prints the options of a command""";

  private Main() {}

  public static void main(String[] args) throws Exception {
    int status = run(Arrays.asList(args));
    if (status != 0) {
      System.exit(status);
    }
  }

  private static int run(List<String> args) throws Exception {
    String command = args.isEmpty() ? "help" : args.get(0);
    List<String> options = args.subList(Math.min(1, args.size()), args.size());
    switch (command) {
      case "help", "--help", "-h" -> {
        System.out.println(USAGE);
        return 0;
      }
      case "install-kernel" -> {
        if (asksForHelp(options)) {
          System.out.println(InstallKernel.USAGE);
          return 0;
        }
        try {
          Path dir = InstallKernel.run(options);
          System.out.println("installed kernelspec " + dir.getFileName() + " in " + dir);
          return 0;
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 2;
        }
      }
      case "demo" -> {
        if (asksForHelp(options)) {
          System.out.println(TriageDemo.USAGE);
          return 0;
        }
        int inputs;
        try {
          inputs = TriageDemo.inputs(options);
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 2;
        }
        TriageDemo.run(inputs);
        return 0;
      }
      case "audit" -> {
        return AuditCommand.run(options, System.out, System.err);
      }
      case "report" -> {
        return ReportCommand.run(options, System.out, System.err);
      }
      case "run-notebook" -> {
        return RunNotebookCommand.run(options, System.out, System.err);
      }
      default -> {
        System.err.println((command.startsWith("-") ? "unknown option '" : "unknown command '")
            + command + "'; run with --help for the commands and options");
        return 2;
      }
    }
  }

  private static boolean asksForHelp(List<String> options) {
    return options.contains("--help") || options.contains("-h");
  }
}
