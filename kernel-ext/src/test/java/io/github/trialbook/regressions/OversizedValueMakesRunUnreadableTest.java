package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.store.UnserializableOutputException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 5: one oversized value was written fine, then {@code open()}, resume and rerun
 * all failed with "trials.jsonl line N is corrupt (... exceeds the maximum allowed ...)". Now
 * the writer and the reader share one set of limits (the README's Checkpoints section): values
 * up to them round-trip through open, resume and rerun; a value beyond them fails its own trial
 * with a message naming the stage, what was too large and the limit, and the run stays readable.
 */
class OversizedValueMakesRunUnreadableTest {
  // the documented limits
  private static final int MAX_STRING = 32_000_000;
  private static final int MAX_KEY = 100_000;
  private static final int MAX_DIGITS = 10_000;

  /** Records are converted by Jackson: its own default limit (20 M chars) must not apply. */
  record Text(String text) {}

  @TempDir
  Path tmp;

  private final AtomicInteger calls = new AtomicInteger();

  /** Input id → what its "make" stage returns (or throws). */
  private static Map<String, Supplier<Object>> cases() {
    Map<String, Supplier<Object>> cases = new LinkedHashMap<>();
    // the values: all within the limits now
    cases.put("bigint-1001", () -> new BigInteger("7".repeat(1001)));
    cases.put("output-25M", () -> "x".repeat(25_000_000));
    cases.put("key-60k", () -> Map.of("k".repeat(60_000), 1));
    cases.put("message-25M", () -> {
      throw new IllegalStateException("m".repeat(25_000_000));
    });
    // exactly at the limits
    cases.put("string-at-limit", () -> "y".repeat(MAX_STRING));
    cases.put("key-at-limit", () -> Map.of("\u20ac".repeat(MAX_KEY), "three UTF-8 bytes a char"));
    cases.put("bigint-at-limit", () -> new BigInteger("-" + "9".repeat(MAX_DIGITS)));
    cases.put("decimal-at-limit", () -> new BigDecimal("1." + "3".repeat(MAX_DIGITS - 1)));
    cases.put("message-at-limit", () -> {
      throw new IllegalStateException("n".repeat(MAX_STRING));
    });
    // one beyond
    cases.put("string-over", () -> List.of("z".repeat(MAX_STRING + 1)));
    cases.put("key-over", () -> Map.of("q".repeat(MAX_KEY + 1), 1));
    cases.put("bigint-over", () -> new BigInteger("8".repeat(MAX_DIGITS + 1)));
    cases.put("decimal-over", () -> new BigDecimal("2." + "4".repeat(MAX_DIGITS)));
    cases.put("message-over", () -> {
      throw new IllegalStateException("o".repeat(MAX_STRING + 1));
    });
    cases.put("record-21M", () -> new Text("r".repeat(21_000_000)));
    cases.put("small", () -> "fine");
    return cases;
  }

  private BatchSpec<String> spec() {
    Map<String, Supplier<Object>> cases = cases();
    return Trialbook.batch("big", List.copyOf(cases.keySet()), s -> s)
        .stage("make", t -> {
          calls.incrementAndGet();
          return cases.get(t.input()).get();
        })
        .stage("after", t -> "next")
        .parallelism(2)
        .runDir(tmp.resolve("run"))
        .consoleProgress(false)
        .build();
  }

  @Test
  void valuesUpToTheLimitsRoundTripAndLargerOnesFailOnlyTheirTrial() {
    BatchResult fresh = Trialbook.runBatch(spec());
    assertThat(fresh.records()).hasSize(16);
    assertWithinLimitsKept(fresh);
    assertBeyondLimitsFailed(fresh);
    assertThat(fresh.checkpointError()).isEmpty();

    BatchResult opened = Trialbook.open(tmp.resolve("run"));
    assertThat(opened.records()).hasSize(16);
    assertWithinLimitsKept(opened);
    assertBeyondLimitsFailed(opened);

    calls.set(0);
    BatchResult resumed = Trialbook.runBatch(spec());
    assertThat(calls).hasValue(0);
    assertThat(resumed.progress().resumedTrials()).isEqualTo(16);
    assertWithinLimitsKept(resumed);
    assertBeyondLimitsFailed(resumed);

    BatchResult rerun = Trialbook.rerun(spec(), Select.failed());
    assertThat(calls).hasValue(7); // message-25M, message-at-limit and the five beyond
    assertWithinLimitsKept(rerun);
    assertBeyondLimitsFailed(rerun);
    assertThat(rerun.history("default/string-over")).hasSize(2)
        .allMatch(r -> r.status() == TrialStatus.FAILED);
    assertThat(rerun.history("default/message-25M")).hasSize(2)
        .allMatch(r -> r.error().message().length() == 25_000_000);
    assertThat(Trialbook.open(tmp.resolve("run")).records()).hasSize(16);
  }

  private static void assertWithinLimitsKept(BatchResult r) {
    assertThat(ok(r, "bigint-1001")).isEqualTo(new BigInteger("7".repeat(1001)));
    assertThat((String) ok(r, "output-25M")).hasSize(25_000_000).matches("x+");
    assertThat(ok(r, "key-60k")).isEqualTo(Map.of("k".repeat(60_000), 1));
    assertThat((String) ok(r, "string-at-limit")).hasSize(MAX_STRING);
    assertThat(ok(r, "key-at-limit"))
        .isEqualTo(Map.of("\u20ac".repeat(MAX_KEY), "three UTF-8 bytes a char"));
    assertThat(ok(r, "bigint-at-limit")).isEqualTo(new BigInteger("-" + "9".repeat(MAX_DIGITS)));
    assertThat(ok(r, "decimal-at-limit"))
        .isEqualTo(new BigDecimal("1." + "3".repeat(MAX_DIGITS - 1)));
    assertThat(ok(r, "small")).isEqualTo("fine");
    Object text = ok(r, "record-21M"); // the record itself fresh, its map once read back
    assertThat(text instanceof Text t ? t.text() : ((Map<?, ?>) text).get("text"))
        .asString().hasSize(21_000_000);
    for (String[] failed : new String[][] {{"message-25M", "25000000"},
        {"message-at-limit", String.valueOf(MAX_STRING)}}) {
      TrialRecord t = r.record("default/" + failed[0]).orElseThrow();
      assertThat(t.status()).isEqualTo(TrialStatus.FAILED);
      assertThat(t.error().exceptionClass()).isEqualTo(IllegalStateException.class.getName());
      assertThat(t.error().message()).hasSize(Integer.parseInt(failed[1]));
    }
  }

  private static Object ok(BatchResult r, String id) {
    TrialRecord t = r.record("default/" + id).orElseThrow();
    assertThat(t.status()).as(id).isEqualTo(TrialStatus.OK);
    assertThat(t.output("after")).isEqualTo("next");
    return t.output("make");
  }

  private static void assertBeyondLimitsFailed(BatchResult r) {
    assertTooLarge(r, "string-over", "output of stage 'make' of trial default/string-over",
        "a string of 32,000,001 characters", "(32,000,000 characters)");
    assertTooLarge(r, "key-over", "output of stage 'make'",
        "a map key of 100,001 characters", "(100,000 characters per key)");
    assertTooLarge(r, "bigint-over", "output of stage 'make'",
        "a BigInteger of 10,001 digits", "(10,000 digits)");
    assertTooLarge(r, "decimal-over", "output of stage 'make'",
        "a BigDecimal of 10,001 digits", "(10,000 digits)");
    assertTooLarge(r, "message-over", "the error of stage 'make' of trial default/message-over"
        + " (java.lang.IllegalStateException)", "its message of 32,000,001 characters",
        "(32,000,000 characters)");
  }

  private static void assertTooLarge(BatchResult r, String id, String... fragments) {
    TrialRecord t = r.record("default/" + id).orElseThrow();
    assertThat(t.status()).as(id).isEqualTo(TrialStatus.FAILED);
    assertThat(t.error().stage()).isEqualTo("make");
    assertThat(t.error().exceptionClass()).isEqualTo(UnserializableOutputException.class.getName());
    assertThat(t.error().message()).contains(fragments).contains("trial log holds");
    assertThat(t.stages().get(1).status()).isEqualTo(StageStatus.NOT_RUN);
    assertThat(t.output("make")).isNull();
  }
}
