package io.github.trialbook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.Trialbook;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchSpecValidationTest {
  record Doc(String id) {}

  static final List<Doc> DOCS = List.of(new Doc("a"), new Doc("b"));

  static BatchSpec.Builder<Doc> ok() {
    return Trialbook.batch("triage", DOCS, Doc::id).stage("s", t -> 1);
  }

  static Arguments bad(String label, Supplier<Object> build, String... fragments) {
    return Arguments.of(label, build, fragments);
  }

  static Stream<Arguments> badSpecs() {
    List<Doc> withNull = new ArrayList<>(DOCS);
    withNull.add(null);
    List<Doc> dupes = List.of(new Doc("x"), new Doc("y"), new Doc("x"), new Doc("y"), new Doc("z"));
    return Stream.of(
        bad("null name", () -> Trialbook.batch(null, DOCS, Doc::id).stage("s", t -> 1).build(),
            "batch name", "cannot be null"),
        bad("bad name", () -> Trialbook.batch("my batch!", DOCS, Doc::id).stage("s", t -> 1).build(),
            "batch name", "my batch!", "my_batch"),
        bad("null inputs", () -> Trialbook.<Doc>batch("b", null, Doc::id).stage("s", t -> 1).build(),
            "inputs", "cannot be null"),
        bad("empty inputs", () -> Trialbook.<Doc>batch("b", List.of(), Doc::id).stage("s", t -> 1).build(),
            "inputs", "empty"),
        bad("null input", () -> Trialbook.batch("b", withNull, Doc::id).stage("s", t -> 1).build(),
            "inputs[2] is null"),
        bad("null id function", () -> Trialbook.batch("b", DOCS, null).stage("s", t -> 1).build(),
            "idFunction", "Doc::id"),
        bad("null id", () -> Trialbook.batch("b", DOCS, d -> null).stage("s", t -> 1).build(),
            "returned null", "inputs[0]"),
        bad("blank id", () -> Trialbook.batch("b", DOCS, d -> " ").stage("s", t -> 1).build(),
            "blank id", "inputs[0]"),
        bad("throwing id", () -> Trialbook.batch("b", DOCS, d -> { throw new IllegalStateException("no id"); })
            .stage("s", t -> 1).build(), "idFunction threw", "no id"),
        bad("duplicate ids", () -> Trialbook.batch("b", dupes, Doc::id).stage("s", t -> 1).build(),
            "2 duplicate input ids", "'x' at inputs[0] and [2]", "'y' at inputs[1] and [3]"),
        bad("line break in id", () -> Trialbook.batch("b", DOCS, d -> d.id() + "\n").stage("s", t -> 1).build(),
            "line break"),
        bad("empty configs", () -> ok().configs().build(), "configs cannot be empty"),
        bad("null config", () -> ok().configs(Config.of("A"), null).build(), "configs[1]"),
        bad("duplicate configs", () -> ok().configs(Config.of("A"), Config.of("A")).build(),
            "duplicate config name 'A'"),
        bad("bad config name", () -> Config.of("model A"), "config name", "model_A"),
        bad("null param", () -> Config.of("A", Arrays.asList("k").stream()
            .collect(java.util.HashMap<String, Object>::new, (m, k) -> m.put(k, null), Map::putAll)),
            "param 'k' of config A"),
        bad("no stages", () -> Trialbook.batch("b", DOCS, Doc::id).build(), "no stages"),
        bad("duplicate stages", () -> ok().stage("s", t -> 2).build(), "duplicate stage name 's'"),
        bad("reserved stage name", () -> Trialbook.batch("b", DOCS, Doc::id).stage("status", t -> 1).build(),
            "clashes with a results column"),
        bad("_ms stage name", () -> Trialbook.batch("b", DOCS, Doc::id).stage("x_ms", t -> 1).build(),
            "clashes"),
        bad("bad stage name", () -> ok().stage("stage 2", t -> 1), "stage name", "stage_2"),
        bad("null stage function", () -> ok().stage("t", null), "function of stage t"),
        bad("null stage", () -> ok().stage(null), "stage cannot be null"),
        bad("resource without limit", () -> ok().stage("llm", "gpu", t -> 1).build(),
            "resource 'gpu'", "limit(\"gpu\", k)"),
        bad("null resource", () -> ok().stage("llm", null, t -> 1), "resource of stage llm"),
        bad("limit unused", () -> ok().limit("gpu", 2).build(), "no stage takes that resource"),
        bad("limit zero", () -> ok().limit("gpu", 0), "limit of resource gpu", "at least 1 (was 0)"),
        bad("parallelism zero", () -> ok().parallelism(0).build(), "parallelism", "(was 0)",
            "parallelism(n)"),
        bad("parallelism absurd", () -> ok().parallelism(1_000_000).build(), "parallelism",
            "(was 1000000)"),
        bad("negative timeout", () -> ok().timeout(Duration.ofSeconds(-1)), "timeout must be positive",
            "PT-1S"),
        bad("zero timeout", () -> ok().timeout(Duration.ZERO), "timeout must be positive"),
        bad("null timeout", () -> ok().timeout(null), "timeout cannot be null"),
        bad("negative stage timeout", () -> Stage.of("s", t -> 1).withTimeout(Duration.ofMillis(-5)),
            "timeout of stage s"),
        bad("null retry", () -> ok().retry(null), "retry cannot be null", "Retry.none()"),
        bad("zero attempts", () -> Retry.exponential(0, Duration.ZERO, Duration.ZERO),
            "maxAttempts must be at least 1 (was 0)"),
        bad("cap below base", () -> Retry.exponential(3, Duration.ofSeconds(5), Duration.ofSeconds(1)),
            "cap must be >= the base", "PT1S", "PT5S"),
        bad("null clock", () -> ok().clock(null), "clock cannot be null"),
        bad("null listener", () -> ok().listener(null), "listener cannot be null"),
        bad("checkpoint records", () -> new CheckpointPolicy(0, Duration.ofSeconds(1)),
            "maxRecords must be at least 1"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badInputIsRejectedBeforeAnyWorkWithAMessageNamingTheFieldAndTheFix(String label,
      Supplier<Object> build, String[] fragments) {
    assertThatThrownBy(build::get).isInstanceOf(BatchConfigException.class)
        .hasMessageContainingAll(fragments);
  }

  @Test
  void aValidSpecKeepsItsSettingsAndDefaultsToOneConfig() {
    BatchSpec<Doc> spec = ok().build();
    assertThat(spec.configs()).extracting(Config::name).containsExactly("default");
    assertThat(spec.inputIds()).containsExactly("a", "b");
    assertThat(spec.trialCount()).isEqualTo(2);
    assertThat(spec.keyOf(1)).isEqualTo("default/b");
  }

  @Test
  void secretParamsAreRedactedInToString() {
    Config c = Config.of("A", Map.of("apiKey", "sk-123456", "model", "m1"));
    assertThat(c.toString()).contains("***", "m1").doesNotContain("sk-123456");
  }
}
