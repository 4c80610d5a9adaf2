package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.testing.ModelServerSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** The pool as a one-stage Trialbook batch, against real loopback servers. */
class EndpointBatchTest {
  private static final String KEY = "sk-batch-FAKEKEY-abcdef0123456789";
  private final List<ModelServerSimulator> sims = new ArrayList<>();
  private EndpointPool pool;
  @TempDir
  Path runDir;

  @AfterEach
  void stop() {
    if (pool != null) {
      pool.close();
    }
    sims.forEach(ModelServerSimulator::close);
  }

  private void poolOf(Duration latency, int... capacities) throws Exception {
    EndpointPool.Builder b = EndpointPool.builder().env(Map.of("SIM_KEY", KEY)::get);
    for (int i = 0; i < capacities.length; i++) {
      ModelServerSimulator sim = ModelServerSimulator.start().latency(latency)
          .maxConcurrency(capacities[i], null).requireKey(KEY);
      sims.add(sim);
      b.endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("s" + i)
          .apiKeyEnv("SIM_KEY").maxConcurrency(capacities[i])
          .healthUrl(sim.healthUrl()).healthInterval(Duration.ofMillis(100))
          .failuresBeforeDown(2).build());
    }
    pool = b.maxWait(Duration.ofSeconds(30)).cache(runDir.resolve("llm-cache")).build();
  }

  private BatchSpec.Builder<String> builder(int inputs, int parallelism, Retry retry) {
    List<String> prompts = IntStream.range(0, inputs).mapToObj(i -> "doc " + i).toList();
    return Trialbook.batch("llm-batch", prompts, p -> p.replace(' ', '-'))
        .configs(Config.of("short", Map.of("max", 8)), Config.of("long", Map.of("max", 64)))
        .stage("llm", pool.stage(t -> ChatRequest.user(t.config().name() + ": " + t.input())
            .withMaxTokens(t.config().<Integer>param("max"))))
        .parallelism(parallelism)
        .retry(retry)
        .consoleProgress(false);
  }

  @Test
  void thePoolsStatusRidesOnProgressSnapshotsAsAPanel() throws Exception {
    poolOf(Duration.ofMillis(40), 2, 2);
    BatchHandle h = Trialbook.startBatch(builder(30, 4, Retry.none()).noCheckpoint()
        .panel(pool::status).build());
    io.github.trialbook.batch.event.ProgressSnapshot mid = h.progress();
    BatchResult r = h.await();
    assertThat(r.ok()).isEqualTo(60);
    assertThat(mid.panels()).singleElement().isInstanceOf(PoolStatus.class);
    PoolStatus end = (PoolStatus) r.progress().panels().get(0);
    assertThat(end.toText()).contains("s0", "s1").doesNotContain(KEY);
    assertThat(end.toHtml()).contains("s0").doesNotContain(KEY);
  }

  @Test
  void aOneStageBatchFillsEveryServerAndPutsTextAndTokensInTheTable() throws Exception {
    poolOf(Duration.ofMillis(30), 3, 5);

    BatchResult r = Trialbook.runBatch(builder(80, 16, Retry.none()).noCheckpoint().build());

    assertThat(r.ok()).isEqualTo(160);
    assertThat(sims).extracting(ModelServerSimulator::peakInFlight).containsExactly(3, 5);
    assertThat(sims).allSatisfy(s -> assertThat(s.responses(429)).isZero());
    Table t = r.table();
    assertThat(t.columnNames()).contains("llm.text", "llm.finishReason", "llm.promptTokens",
        "llm.completionTokens", "llm.totalTokens", "llm.endpoint");
    assertThat(t.where(t.stringColumn("input_id").isEqualTo("doc-7")
            .and(t.stringColumn("config").isEqualTo("long")))
        .stringColumn("llm.text").get(0)).isEqualTo("echo: long: doc 7");
    Table tokens = t.summarize("llm.totalTokens", tech.tablesaw.aggregate.AggregateFunctions.sum)
        .by("config");
    assertThat(tokens.rowCount()).isEqualTo(2);
    assertThat(tokens.doubleColumn(1).sum()).isGreaterThan(160 * 2);
  }

  @Test
  void aServerKilledMidBatchLosesNoTrialAndKeysStayOutOfTheRunDirectory() throws Exception {
    poolOf(Duration.ofMillis(20), 4, 4, 4);
    BatchHandle handle = Trialbook.startBatch(builder(100, 12,
        Retry.exponential(5, Duration.ofMillis(10), Duration.ofMillis(100)))
        .runDir(runDir.resolve("checkpoint")).build());
    while (handle.progress().doneTrials() < 40) {
      Thread.sleep(5);
    }
    sims.get(2).down();

    BatchResult r = handle.await();

    assertThat(r.ok()).isEqualTo(200);
    assertThat(r.records()).extracting(TrialRecord::attempts).anySatisfy(
        a -> assertThat(a).isGreaterThan(1));
    long downBy = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (pool.status().endpoint("s2").state() != EndpointStatus.State.DOWN
        && System.nanoTime() < downBy) {
      Thread.sleep(10); // probes run every 100 ms
    }
    assertThat(pool.status().endpoint("s2").state()).isEqualTo(EndpointStatus.State.DOWN);
    assertThat(r.toText() + r.toHtml() + r.table().print(400) + pool.status().toHtml())
        .doesNotContain(KEY);
    try (Stream<Path> files = Files.walk(runDir)) {
      List<Path> written = files.filter(Files::isRegularFile).toList();
      assertThat(written).hasSizeGreaterThanOrEqualTo(200)  // cache entries
          .anySatisfy(f -> assertThat(f.getFileName().toString()).isEqualTo("manifest.json"))
          .anySatisfy(f -> assertThat(text(f)).contains("echo: long: doc 7"));
      for (Path f : written) {
        assertThat(text(f)).as(f.toString()).doesNotContain(KEY).doesNotContain("FAKEKEY");
      }
    }
  }

  @Test
  void theStageTimeoutInterruptsAHungRequestAndTheRetrySucceeds() throws Exception {
    poolOf(Duration.ofMillis(5), 2); // request timeout 5 min: the stage timeout comes first
    sims.get(0).hangNext(1);

    BatchResult r = Trialbook.runBatch(builder(4, 2,
        Retry.exponential(2, Duration.ofMillis(1), Duration.ofMillis(5)))
        .timeout(Duration.ofMillis(500)).noCheckpoint().build());

    assertThat(r.ok()).isEqualTo(8);
    assertThat(r.records()).extracting(TrialRecord::attempts).containsOnlyOnce(2);
    assertThat(sims.get(0).chatRequests()).isEqualTo(9);
    assertThat(pool.status().inFlight()).isZero();
  }

  @Test
  void aRateLimitedTrialIsRetriedNoSoonerThanRetryAfter() throws Exception {
    poolOf(Duration.ofMillis(5), 2);
    sims.get(0).failNext(429, 1).retryAfter("1");

    BatchResult r = Trialbook.runBatch(builder(3, 2,
        Retry.exponential(3, Duration.ofMillis(1), Duration.ofMillis(5))).noCheckpoint().build());

    assertThat(r.ok()).isEqualTo(6);
    assertThat(r.records()).extracting(TrialRecord::attempts).contains(2);
    List<Long> arrivals = sims.get(0).arrivals();
    assertThat(arrivals).hasSize(7);
    for (long later : arrivals.subList(1, 7)) {
      // a request sent before the 429 was answered may arrive within the first few ms
      if (later - arrivals.get(0) > Duration.ofMillis(50).toNanos()) {
        assertThat(Duration.ofNanos(later - arrivals.get(0)))
            .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      }
    }
  }

  /** A file's bytes decoded leniently (trials.idx is binary). */
  private static String text(Path f) throws java.io.IOException {
    return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.UTF_8);
  }
}
