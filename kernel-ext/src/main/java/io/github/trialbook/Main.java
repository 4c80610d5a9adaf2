package io.github.trialbook;

import io.github.trialbook.demo.TriageDemo;
import java.util.Arrays;

/**
 * The jar's command line: {@code java -jar trialbook-kernel-ext-<v>-all.jar <command>}.
 *
 * <ul>
 *   <li>{@code demo [--inputs N]}: runs an example batch in the console with live text progress
 *       and prints the results.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (command) {
      case "demo" -> TriageDemo.main(rest);
      default -> {
        System.err.println("usage: java -jar trialbook-kernel-ext-<version>-all.jar <command>\n"
            + "commands:\n"
            + "  demo [--inputs N]   run an example batch with live progress");
        System.exit(command.equals("help") ? 0 : 2);
      }
    }
  }
}
