package io.github.trialbook.functional;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.display.TextProgress;
import io.github.trialbook.testing.Invariants;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsAndOutputsTest {
  static final String KEY = "sk-test-7f3a9c1e5b";

  @TempDir
  Path tmp;

  /** Jackson cannot serialize this (no properties, self-reference through a getter). */
  public static final class Loop {
    public Loop getSelf() {
      return this;
    }
  }

  @Test
  void secretParamsNeverReachFilesErrorsOrProgress() throws Exception {
    Path runDir = tmp.resolve("run");
    BatchSpec<Integer> spec = Trialbook.batch("secrets", List.of(1, 2, 3), i -> "n" + i)
        .configs(Config.of("A", Map.of("apiKey", KEY, "Authorization", "Bearer " + KEY,
            "model", "m1")))
        .stage("call", t -> {
          String key = t.config().param("apiKey");
          if (t.input() == 2) {
            throw new IllegalStateException("server rejected key " + key);
          }
          return "used " + key.length() + " chars";
        })
        .runDir(runDir)
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.failed()).isEqualTo(1);
    TrialRecord failed = r.failures().get(0);
    assertThat(failed.error().message()).contains("***").doesNotContain(KEY);
    assertThat(r.progress().recentFailures()).allMatch(f -> !f.summary().contains(KEY));
    assertThat(TextProgress.line(r.progress())).doesNotContain(KEY);
    assertThat(r.toText()).doesNotContain(KEY);
    assertThat(r.toHtml()).doesNotContain(KEY);
    assertThat(spec.toString() + spec.configs()).doesNotContain(KEY);
    try (Stream<Path> files = Files.walk(runDir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        // bytes decoded leniently: trials.idx is binary
        String text = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).as(f.toString()).doesNotContain(KEY).doesNotContain("7f3a9c");
      }
    }
  }

  @Test
  void anOutputTheCheckpointCannotHoldFailsOnlyItsTrial() throws Exception {
    Path runDir = tmp.resolve("run2");
    BatchSpec<Integer> spec = Trialbook.batch("outputs", List.of(1, 2, 3, 4), i -> "n" + i)
        .stage("make", t -> t.input() == 3 ? new Loop() : Map.of("v", t.input(), "nan", Double.NaN))
        .stage("after", t -> "fine")
        .runDir(runDir)
        .parallelism(2)
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.ok()).isEqualTo(3);
    assertThat(r.failed()).isEqualTo(1);
    TrialRecord bad = r.record("default/n3").orElseThrow();
    assertThat(bad.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(bad.error().stage()).isEqualTo("make");
    assertThat(bad.error().message()).contains("cannot be written to the checkpoint");
    Invariants.assertConsistent(r);
    BatchResult opened = Trialbook.open(runDir);
    assertThat(opened.records()).hasSize(4);
    Object nan = ((Map<?, ?>) opened.record("default/n1").orElseThrow().output("make")).get("nan");
    assertThat((Double) nan).isNaN();
    assertThat(opened.record("default/n3").orElseThrow().status()).isEqualTo(TrialStatus.FAILED);
  }
}
