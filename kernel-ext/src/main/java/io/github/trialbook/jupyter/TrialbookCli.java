package io.github.trialbook.jupyter;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The main of {@code trialbook-kernel-ext-<version>-all.jar}.
 *
 * <pre>{@code
 * java -jar trialbook-kernel-ext-0.1.0-all.jar install-kernel --kernel rapaio --user
 * }</pre>
 */
public final class TrialbookCli {
  private TrialbookCli() {}

  public static void main(String[] args) throws Exception {
    List<String> list = Arrays.asList(args);
    if (list.isEmpty() || !list.get(0).equals("install-kernel")) {
      System.err.println("usage: java -jar trialbook-kernel-ext-<version>-all.jar install-kernel"
          + " --kernel rapaio|ijava [--user|--prefix DIR|--sys-prefix] [--name NAME]"
          + " [--display-name TEXT] [--kernel-jar PATH] [--jar PATH] [--java PATH]");
      System.exit(2);
    }
    try {
      Path dir = InstallKernel.run(list.subList(1, list.size()));
      System.out.println("installed kernelspec " + dir.getFileName() + " in " + dir);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }
}
