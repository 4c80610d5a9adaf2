package io.github.trialbook.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.Trialbook;
import io.github.trialbook.cli.Main;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code java -jar ...-all.jar report}: files written, exit codes, truth joined from a CSV. */
class ReportCommandTest {
  @TempDir
  Path tmp;

  @Test
  void writesHtmlAndMarkdownWithMetricsFromALabelsFile() throws Exception {
    Path runDir = tmp.resolve("run");
    Trialbook.runBatch(Trialbook.batch("cli", List.of("007", "008", "009"), s -> s)
        .stage("predict", t -> t.input().equals("009") ? "b" : "a")
        .runDir(runDir).consoleProgress(false).build());
    Files.writeString(tmp.resolve("labels.csv"), "input_id,label\n007,a\n008,b\n009,b\n");

    int exit = cli("report", runDir.toString(), "--html", tmp.resolve("r.html").toString(),
        "--markdown", tmp.resolve("r.md").toString(), "--title", "CLI <run>",
        "--truth", tmp.resolve("labels.csv").toString(), "--truth-column", "label",
        "--prediction", "predict");

    assertThat(exit).as(Files.readString(tmp.resolve("cli.out"))).isEqualTo(0);
    String html = Files.readString(tmp.resolve("r.html"));
    assertThat(html).contains("<h1>CLI &lt;run&gt;</h1>").contains("<h2>Metrics</h2>")
        .contains("precision");
    // 007 → a (right), 008 → a (wrong), 009 → b (right): the leading zeros matched
    assertThat(Files.readString(tmp.resolve("r.md"))).contains("## Metrics").contains("accuracy")
        .contains("0.6667");
  }

  @Test
  void badArgumentsRunDirectoriesAndColumnsExit2() throws Exception {
    assertThat(cli("report")).isEqualTo(2);
    assertThat(cli("report", tmp.toString())).isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("cli.out"))).contains("--html FILE");
    assertThat(cli("report", tmp.resolve("nothing").toString(), "--html", "x.html")).isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("cli.out"))).contains("does not exist");
    Path runDir = tmp.resolve("run");
    Trialbook.runBatch(Trialbook.batch("cli2", List.of("a"), s -> s).stage("p", t -> "x")
        .runDir(runDir).consoleProgress(false).build());
    Files.writeString(tmp.resolve("labels.csv"), "input_id,label\na,x\n");
    assertThat(cli("report", runDir.toString(), "--html", tmp.resolve("r.html").toString(),
        "--truth", tmp.resolve("labels.csv").toString(), "--truth-column", "label",
        "--prediction", "nope")).isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("cli.out"))).contains("prediction column 'nope'");
    assertThat(tmp.resolve("r.html")).doesNotExist();
    assertThat(cli("report", "--help")).isEqualTo(0);
  }

  private int cli(String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Djava.awt.headless=true", "-cp",
        System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("cli.out").toFile()).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }
}
