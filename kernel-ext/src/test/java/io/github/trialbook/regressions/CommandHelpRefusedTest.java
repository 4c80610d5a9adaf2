package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.cli.Main;
import io.github.trialbook.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 17: {@code install-kernel --help} answered "unknown option '--help'" with exit 2,
 * {@code demo --help} ran the demo, and the top level printed its usage to stderr. Every command
 * now takes {@code --help}/{@code -h}: usage on stdout, one line per option, exit 0, nothing done;
 * an unknown option still exits 2 naming it and pointing to {@code --help}. Run in a child JVM,
 * as {@code java -jar} runs the jar's {@link Main}.
 */
class CommandHelpRefusedTest {
  @TempDir
  Path jupyterData;

  private ChildJvm.Result main(String... args) throws Exception {
    // an install that wrongly ran would land here, not in the user's Jupyter
    return ChildJvm.run(Main.class, Map.of("JUPYTER_DATA_DIR", jupyterData.toString()), args);
  }

  @Test
  void theTopLevelPrintsItsUsageOnStdout() throws Exception {
    for (String[] args : List.of(new String[] {"--help"}, new String[] {"-h"},
        new String[] {"help"}, new String[0])) {
      ChildJvm.Result r = main(args);
      assertThat(r.exit()).as(Arrays.toString(args)).isZero();
      assertThat(r.err()).as(Arrays.toString(args)).isEmpty();
      assertThat(r.out()).startsWith("usage: java -jar trialbook-kernel-ext-<version>-all.jar")
          .containsPattern("(?m)^  install-kernel +\\S")
          .containsPattern("(?m)^  demo +\\S")
          .containsPattern("(?m)^  -h, --help +\\S");
    }
  }

  @Test
  void installKernelHelpListsEveryOptionOnItsOwnLineAndInstallsNothing() throws Exception {
    for (String flag : List.of("--help", "-h")) {
      ChildJvm.Result r = main("install-kernel", "--kernel", "rapaio", flag);
      assertThat(r.exit()).as(flag).isZero();
      assertThat(r.err()).as(flag).isEmpty();
      assertThat(r.out()).startsWith("usage: java -jar trialbook-kernel-ext-<version>-all.jar "
          + "install-kernel");
      for (String option : List.of("--kernel", "--user", "--prefix", "--sys-prefix", "--name",
          "--display-name", "--kernel-jar", "--jar", "--java", "-h, --help")) {
        // the option, its value's name if it takes one, then what it does
        assertThat(r.out()).as(flag + " lists " + option)
            .containsPattern("(?m)^  " + Pattern.quote(option) + "(?: \\S+)? {2,}\\S");
      }
    }
    try (Stream<Path> files = Files.list(jupyterData)) {
      assertThat(files).as("nothing installed").isEmpty();
    }
  }

  @Test
  void demoHelpListsItsOptionAndRunsNothing() throws Exception {
    for (String flag : List.of("--help", "-h")) {
      ChildJvm.Result r = main("demo", flag);
      assertThat(r.exit()).as(flag).isZero();
      assertThat(r.err()).as(flag).isEmpty();
      assertThat(r.out()).startsWith("usage: java -jar trialbook-kernel-ext-<version>-all.jar demo")
          .containsPattern("(?m)^  --inputs N +\\S")
          .containsPattern("(?m)^  -h, --help +\\S")
          .doesNotContain("trials in");
    }
  }

  @Test
  void anUnknownOptionExitsTwoNamingItAndPointingToHelp() throws Exception {
    for (String[] args : List.of(new String[] {"install-kernel", "--bogus"},
        new String[] {"demo", "--bogus"}, new String[] {"--bogus"},
        new String[] {"audit", "runs/x", "--bogus"}, new String[] {"report", "runs/x", "--bogus"},
        new String[] {"run-notebook", "a.ipynb", "b.ipynb", "--bogus"})) {
      ChildJvm.Result r = main(args);
      assertThat(r.exit()).as(Arrays.toString(args)).isEqualTo(2);
      assertThat(r.err()).as(Arrays.toString(args))
          .contains("unknown option '--bogus'").contains("--help");
      assertThat(r.out()).as(Arrays.toString(args)).isEmpty();
    }
    ChildJvm.Result r = main("bogus");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("unknown command 'bogus'").contains("--help");
    ChildJvm.Result badValue = main("demo", "--inputs", "many");
    assertThat(badValue.exit()).isEqualTo(2);
    assertThat(badValue.err()).contains("--inputs").contains("'many'");
  }
}
