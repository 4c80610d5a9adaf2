package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.testing.ModelServerSimulator;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 2: a secret echoed in a stage's output (the stage returns
 * {@code "my key is " + key}, or a model's 200 answer echoes the Authorization header) was in
 * clear in memory, {@code r.table()} and {@code r.toHtml()}, while {@code Trialbook.open(dir)}
 * showed {@code ***}: memory and disk disagreed.
 */
class SecretEchoedInStageOutputTest {
  static final String KEY = "sk-test-0123456789abcdef";

  @TempDir
  Path tmp;

  record Echo(String text, int n) {}

  @Test
  void anEchoedParamSecretIsMaskedInMemoryAsOnDisk() throws Exception {
    Path dir = tmp.resolve("run");
    BatchSpec<Integer> spec = Trialbook.batch("echo", List.of(1, 2), i -> "n" + i)
        .configs(Config.of("A", Map.of("api_key", KEY, "model", "m1")))
        .stage("say", t -> "my key is " + t.config().param("api_key"))
        .stage("nested", t -> Map.of("lines", List.of("key=" + KEY, "fine"), "n", t.input()))
        .stage("record", t -> new Echo("echo " + KEY, t.input()))
        .stage("keyed", t -> Map.of("for " + KEY, 1))
        .stage("plain", t -> new Echo("nothing secret", t.input()))
        .runDir(dir)
        .consoleProgress(false)
        .build();

    BatchResult r = Trialbook.runBatch(spec);

    assertThat(r.ok()).isEqualTo(2);
    TrialRecord mem = r.record("A/n1").orElseThrow();
    assertThat(mem.output("say")).isEqualTo("my key is ***");
    assertThat(mem.output("nested")).isEqualTo(Map.of("lines", List.of("key=***", "fine"), "n", 1));
    assertThat(mem.output("record")).isEqualTo(Map.of("text", "echo ***", "n", 1));
    assertThat(mem.output("keyed")).isEqualTo(Map.of("for ***", 1));
    // untouched, and read back from the trial log in its stored form, as every output of a
    // checkpointed batch
    assertThat(mem.output("plain")).isEqualTo(Map.of("text", "nothing secret", "n", 1));
    assertThat(Leaks.views(r)).contains("my key is ***").doesNotContain(KEY);

    BatchResult opened = Trialbook.open(dir);
    for (TrialRecord stored : opened.records()) {
      TrialRecord inMemory = r.record(stored.key()).orElseThrow();
      for (String stage : List.of("say", "nested", "record", "keyed")) {
        assertThat(stored.output(stage)).as(stored.key() + " " + stage)
            .isEqualTo(inMemory.output(stage));
      }
    }
    assertThat(Leaks.cells(opened.table())).isEqualTo(Leaks.cells(r.table()));
    assertThat(Leaks.views(opened)).doesNotContain(KEY);
    Leaks.assertNoFileHolds(dir, List.of(KEY));
  }

  @Test
  void aModelEchoingTheAuthorizationHeaderIsMaskedInMemoryAsOnDisk() throws Exception {
    Path dir = tmp.resolve("llm");
    try (ModelServerSimulator sim = ModelServerSimulator.start().echoAuthorization(true);
        EndpointPool pool = EndpointPool.builder()
            .endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("sim")
                .apiKeyEnv("SIM_API_KEY").build())
            .env(Map.of("SIM_API_KEY", KEY)::get)
            .build()) {
      BatchSpec<Integer> spec = Trialbook.batch("llm-echo", List.of(1, 2), i -> "n" + i)
          .stage("llm", pool.stage(t -> ChatRequest.user("hello " + t.input())))
          .runDir(dir)
          .consoleProgress(false)
          .build();

      BatchResult r = Trialbook.runBatch(spec);

      assertThat(sim.lastAuthorization()).isEqualTo("Bearer " + KEY); // it was sent
      assertThat(r.ok()).isEqualTo(2);
      Map<?, ?> answer = (Map<?, ?>) r.record("default/n1").orElseThrow().output("llm");
      assertThat(answer.get("text")).isEqualTo(
          "echo: hello 1 (you sent Authorization: Bearer ***; your key is ***)");
      assertThat(Leaks.views(r)).doesNotContain(KEY);
      BatchResult opened = Trialbook.open(dir);
      assertThat(opened.table().stringColumn("llm.text").asList())
          .isEqualTo(r.table().stringColumn("llm.text").asList());
      Leaks.assertNoFileHolds(dir, List.of(KEY));
    }
  }
}
