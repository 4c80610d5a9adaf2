package io.github.trialbook.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.endpoint.ChatResult;
import io.github.trialbook.endpoint.EndpointException;
import io.github.trialbook.endpoint.EndpointStatus;
import io.github.trialbook.endpoint.PoolStatus;
import io.github.trialbook.process.ProcessStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {
  private static final String HOSTILE =
      "<script>alert('x')</script></table>\"quoted\" & more \u001b[31mred\u001b[0m";

  @TempDir
  Path tmp;

  /** 2 configs × 40 inputs, 2 stages; every 10th input fails with a hostile message. */
  private BatchResult triage(Path runDir) {
    List<Integer> inputs = IntStream.range(0, 40).boxed().toList();
    return Trialbook.runBatch(Trialbook.batch("triage", inputs, i -> "item-" + i)
        .configs(List.of(Config.of("small", Map.of("apiKey", "sk-very-secret-1", "t", 0.1)),
            Config.of("large", Map.of("apiKey", "sk-very-secret-1", "t", 0.7))))
        .stage("classify", t -> t.input() % 2 == 0 ? "spam" : "ham")
        .stage("judge", t -> {
          if (t.input() % 10 == 3) {
            throw new IllegalStateException(HOSTILE + " at item " + t.input());
          }
          return t.output("classify");
        })
        .runDir(runDir).parallelism(3).consoleProgress(false).build());
  }

  @Test
  void sectionsFollowWhatTheRunHas() {
    Report rep = triage(tmp.resolve("run")).report();
    assertThat(rep.sections()).containsExactly("Run", "Worker utilisation", "Throughput",
        "Latency per stage", "Failures");
    String md = rep.toText();
    assertThat(md).contains("| batch | triage |").contains("| status | finished |")
        .contains("| trials expected | 80 |").contains("| parallelism | 3 |")
        .contains("| sessions | 1 |");
    // 8 failures (inputs 3, 13, 23, 33 in two configs) in one pattern, numbers as N
    assertThat(md).contains("| judge | IllegalStateException |").contains("at item N | 8 |");
  }

  @Test
  void retriesTimeoutsMetricsAndTheAuditAppearWhenTheRunHasThem() throws Exception {
    Set<Integer> failedOnce = ConcurrentHashMap.newKeySet();
    Path script = tmp.resolve("ok.sh");
    Files.writeString(script, "#!/bin/sh\nmkdir -p out; echo '{}' > out/summary.json\n");
    script.toFile().setExecutable(true);
    BatchResult r = Trialbook.runBatch(Trialbook.batch("sim", List.of(1, 2, 3, 4), i -> "s" + i)
        .stage("truth", t -> t.input() % 2 == 0 ? "a" : "b")
        .stage("flaky", t -> {
          if (failedOnce.add(t.input())) {
            throw new IllegalStateException("transient");
          }
          return t.input() == 4 ? "b" : t.output("truth");
        })
        .retry(Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(2)))
        .stage("sim", ProcessStage.command(t -> List.of(script.toString()))
            .require("out/summary.json").build())
        .runDir(tmp.resolve("sim")).parallelism(2).consoleProgress(false).build());
    assertThat(r.ok()).isEqualTo(4);

    Report rep = r.report().classification("truth", "flaky");
    assertThat(rep.sections()).contains("Retries and timeouts", "Completeness", "Metrics")
        .doesNotContain("Failures");
    assertThat(rep.toText()).contains("| flaky | 4 | 4 | 0 |")
        .contains("| expected_cases | 4 |").contains("| missing_cases | 0 |")
        .contains("precision");
  }

  @Test
  void everyStringFromTheRunIsEscapedAndNoSecretAppears() throws Exception {
    Report rep = triage(tmp.resolve("run")).report().title("Title " + HOSTILE);
    String html = rep.html();
    assertThat(html).doesNotContain("<script").doesNotContain("alert('x')</script>")
        .contains("&lt;script&gt;").doesNotContain("sk-very-secret-1");
    assertThat(html.split("<table", -1)).hasSize(html.split("</table>", -1).length);
    assertThat(rep.toText()).doesNotContain("<script").doesNotContain("sk-very-secret-1");
    Path md = rep.writeMarkdown(tmp.resolve("out/report.md"));
    assertThat(Files.readString(md)).doesNotContain("<script").doesNotContain("sk-very-secret")
        .doesNotContain("\u001b");
  }

  @Test
  void theSameRunGivesTheSameBytesOnEveryCall() throws Exception {
    Path runDir = tmp.resolve("run");
    triage(runDir);
    Path a = Trialbook.report(runDir).writeHtml(tmp.resolve("a.html"));
    Path b = Trialbook.report(runDir).writeHtml(tmp.resolve("b.html"));
    assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
    assertThat(Files.readString(a)).startsWith("<!DOCTYPE html>").contains("data:image/png;base64,")
        .doesNotContain("<script").doesNotContain("http://").doesNotContain("https://");
  }

  @Test
  void markdownLinksItsChartsWrittenBesideIt() throws Exception {
    Path md = triage(tmp.resolve("run")).report().writeMarkdown(tmp.resolve("rep/report.md"));
    String text = Files.readString(md);
    assertThat(text).startsWith("# Report: triage").contains("](report_files/chart-01.png)")
        .contains("](report_files/chart-02.png)");
    assertThat(tmp.resolve("rep/report_files/chart-01.png")).isRegularFile();
    byte[] png = Files.readAllBytes(tmp.resolve("rep/report_files/chart-01.png"));
    assertThat(png).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void modelAnswersGiveTheEndpointsSection() {
    Path runDir = tmp.resolve("llm");
    BatchResult r = Trialbook.runBatch(Trialbook.batch("llm", IntStream.range(0, 20).boxed().toList(),
            i -> "q" + i)
        .stage("ask", t -> {
          if (t.input() == 7) {
            throw new EndpointException("b", 503, "endpoint b answered HTTP 503: busy", null);
          }
          return new ChatResult("yes", "stop", 10, 5, 15, "m", t.input() % 2 == 0 ? "a" : "b",
              100 + t.input(), t.input() == 0, 0.0);
        })
        .panel(() -> new PoolStatus(List.of(new EndpointStatus("a", "m", EndpointStatus.State.UP, 0, 4,
            4, 10, 0, 109, 117, 2, null)), 0, 0L))
        .runDir(runDir).consoleProgress(false).build());
    for (Report rep : List.of(r.report(), Trialbook.report(runDir))) {
      assertThat(rep.sections()).contains("Endpoints");
      // a: 10 answers (0, 2, ..., 18; 0 from the cache); b: 9 (7 failed); tokens summed
      assertThat(rep.toText()).contains("| ask | a | 10 | 1 |").contains("| ask | b | 9 | 0 |")
          .contains("| ask | a | 10 | 1 | 109.0 | 117.1 | 100 | 50 |")
          .contains("| ask | b | 503 | EndpointException | 1 |")
          // the pool's last status, with its server restarts: the run's last picture, kept in
          // panels.json for the stored run
          .contains("endpoint pool at the end")
          .contains("| a | up | 10 | 0 | 109.0 | 117.0 | 2 |");
    }
  }

  @Test
  void unknownColumnsAreRefusedByName() {
    Report rep = triage(tmp.resolve("run")).report();
    assertThatThrownBy(() -> rep.classification("label", "judge"))
        .isInstanceOf(ReportException.class).hasMessageContaining("truth column 'label'")
        .hasMessageContaining("its columns are");
    assertThatThrownBy(() -> rep.by("nope")).isInstanceOf(ReportException.class)
        .hasMessageContaining("by column 'nope'");
  }
}
