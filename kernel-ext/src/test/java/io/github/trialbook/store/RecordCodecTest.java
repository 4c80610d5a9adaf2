package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordCodecTest {
  private final RecordCodec codec = RecordCodec.plain();

  private Object roundTrip(Object output) {
    TrialRecord back = RecordCodec.decode(codec.encode(Fixtures.ok("A", "doc-1", 0, output,
        null)));
    return back.output(0);
  }

  @Test
  void specialDoublesSurviveWithTheirSign() {
    List<Object> values = Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, 0.1, 1e300);
    @SuppressWarnings("unchecked")
    List<Object> back = (List<Object>) roundTrip(values);
    assertThat(back).hasSize(values.size());
    for (int i = 0; i < values.size(); i++) {
      assertThat(back.get(i)).isInstanceOf(Double.class);
      // Double.equals compares bits: NaN equals NaN, -0.0 differs from 0.0
      assertThat(back.get(i)).as("value %d", i).isEqualTo(values.get(i));
    }
    assertThat(roundTrip(-0.0)).isEqualTo(-0.0).isNotEqualTo(0.0);
    assertThat(roundTrip(new double[] {Double.NaN, 2.5})).isEqualTo(List.of(Double.NaN, 2.5));
  }

  @Test
  void numbersKeepTheirType() {
    long beyond53 = (1L << 53) + 1;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("int", 7);
    out.put("smallLong", 7L);
    out.put("bigLong", beyond53);
    out.put("maxLong", Long.MAX_VALUE);
    out.put("minLong", Long.MIN_VALUE);
    out.put("smallBig", BigInteger.TEN);
    out.put("hugeBig", new BigInteger("123456789012345678901234567890"));
    out.put("float", 0.1f);
    out.put("floatNaN", Float.NaN);
    out.put("decimal", new BigDecimal("1.10"));
    out.put("short", (short) 3);
    out.put("byte", (byte) -4);
    out.put("bool", true);
    assertThat(roundTrip(out)).isEqualTo(out);
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) roundTrip(out);
    assertThat(back.get("smallLong")).isInstanceOf(Long.class);
    assertThat(back.get("bigLong")).isEqualTo(beyond53);
    assertThat(back.get("int")).isInstanceOf(Integer.class);
    assertThat(back.get("decimal").toString()).isEqualTo("1.10");
  }

  @Test
  void stringsNestingNullsAndLargeValues() {
    String unicode = "naïve – 日本語 – 😀 – \u0000 – \"quoted\" \\ \n\t – \u2028 – lone \uD800";
    String big = "x".repeat(1 << 20) + "é";
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("unicode", unicode);
    nested.put("null", null);
    nested.put("list", Arrays.asList(1, null, List.of(), Map.of(), List.of(List.of("deep"))));
    nested.put("big", big);
    nested.put("empty", "");
    assertThat(roundTrip(nested)).isEqualTo(nested);
    assertThat(roundTrip(unicode)).isEqualTo(unicode);
  }

  @Test
  void mapsComeBackInTheirOrderSmallAndLarge() {
    for (int size : new int[] {0, 1, 3, 16, 17, 40}) {
      Map<String, Object> map = new LinkedHashMap<>();
      for (int i = size; i > 0; i--) {
        map.put("k" + i, i % 2 == 0 ? "v" + i : (Object) i);
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> back = (Map<String, Object>) roundTrip(map);
      assertThat(back).as("size %d", size).isEqualTo(map).hasSameHashCodeAs(map);
      assertThat(new ArrayList<>(back.keySet())).isEqualTo(new ArrayList<>(map.keySet()));
      if (size > 0) {
        assertThat(back.get("k1")).isEqualTo(1);
        assertThat(back.containsKey("nope")).isFalse();
      }
    }
  }

  @Test
  void userMapsThatLookLikeTagsStayMaps() {
    Map<String, Object> tricky = new LinkedHashMap<>();
    tricky.put("$double", "NaN");
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("$map", Map.of("$long", 5));
    tricky.put("inner", inner);
    assertThat(roundTrip(tricky)).isEqualTo(tricky);
    assertThat(roundTrip(Map.of("$long", "text"))).isEqualTo(Map.of("$long", "text"));
    // and real strings that read like markers stay strings
    assertThat(roundTrip("NaN")).isEqualTo("NaN");
    assertThat(roundTrip(List.of("{\"$double\":\"NaN\"}"))).isEqualTo(
        List.of("{\"$double\":\"NaN\"}"));
  }

  record Score(String label, double value, List<Integer> ranks) {}

  public static final class Bean {
    public String getName() {
      return "b";
    }

    public double getInf() {
      return Double.POSITIVE_INFINITY;
    }
  }

  enum Color { RED }

  @Test
  void recordsBeansAndEnumsComeBackAsMapsAndStrings() {
    Map<String, Object> score = new LinkedHashMap<>();
    score.put("label", "spam");
    score.put("value", Double.NaN);
    score.put("ranks", List.of(1, 2));
    assertThat(roundTrip(new Score("spam", Double.NaN, List.of(1, 2)))).isEqualTo(score);
    assertThat(roundTrip(new Bean())).isEqualTo(Map.of("name", "b", "inf",
        Double.POSITIVE_INFINITY));
    assertThat(roundTrip(Color.RED)).isEqualTo("RED");
    assertThat(roundTrip(new String[] {"a", null})).isEqualTo(Arrays.asList("a", null));
  }

  @Test
  void wholeRecordRoundTrips() {
    TrialRecord r = Fixtures.failed("B", "doc-17", 42, "boom");
    TrialRecord back = RecordCodec.decode(codec.encode(r));
    assertThat(back.key()).isEqualTo("B/doc-17");
    assertThat(back.seq()).isEqualTo(42);
    assertThat(back.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(back.worker()).isEqualTo(1);
    assertThat(back.startedAtMillis()).isEqualTo(r.startedAtMillis());
    assertThat(back.latencyNanos()).isEqualTo(99L);
    assertThat(back.stageNames()).isEqualTo(List.of("s1", "s2"));
    assertThat(back.stageStatus(1)).isEqualTo(StageStatus.FAILED);
    assertThat(back.stageAttempts(1)).isEqualTo(3);
    assertThat(back.stageNanos(1)).isEqualTo(20);
    assertThat(back.output(0)).isEqualTo("first");
    assertThat(back.output(1)).isNull();
    assertThat(back.error()).isEqualTo(r.error());
  }

  @Test
  void anOutputJacksonCannotWriteFailsOnlyThatTrialWithAClearError() {
    TrialRecord r = Fixtures.ok("A", "doc-9", 5, "fine", new Object());
    assertThatThrownBy(() -> codec.encode(r))
        .isInstanceOf(UnserializableOutputException.class)
        .hasMessageContaining("output of stage 's2' of trial A/doc-9 (java.lang.Object)")
        .hasMessageContaining("return a Map")
        .satisfies(e -> assertThat(((UnserializableOutputException) e).stage()).isEqualTo("s2"));

    UnserializableOutputException e = catchUnserializable(r);
    TrialRecord failed = e.failedTrial(r);
    assertThat(failed.status()).isEqualTo(TrialStatus.FAILED);
    assertThat(failed.stageStatus(1)).isEqualTo(StageStatus.FAILED);
    assertThat(failed.error().stage()).isEqualTo("s2");
    assertThat(failed.error().message()).contains("java.lang.Object");
    TrialRecord back = RecordCodec.decode(codec.encode(failed));
    assertThat(back.output(0)).isEqualTo("fine");
    assertThat(back.status()).isEqualTo(TrialStatus.FAILED);

    // the encoder of this thread still works after the failure
    assertThat(RecordCodec.decode(codec.encode(Fixtures.ok("A", "doc-10", 6, 1, 2))).output(1))
        .isEqualTo(2);
  }

  @Test
  void aSelfContainingOutputIsRefusedNotAStackOverflow() {
    List<Object> cycle = new ArrayList<>();
    cycle.add(cycle);
    assertThatThrownBy(() -> codec.encode(Fixtures.ok("A", "doc-1", 0, cycle, null)))
        .isInstanceOf(UnserializableOutputException.class)
        .hasMessageContaining("nested deeper than");
  }

  /** Maps with {@code $} keys (two JSON objects each, with the {@code $map} wrapper), NaN inside. */
  private static Object nestedDollarMaps(int levels) {
    Object v = Double.NaN; // a tag object: one more JSON level
    for (int i = 0; i < levels; i++) {
      v = Map.of("$" + i, v);
    }
    return v;
  }

  @Test
  void theDeepestValueTheWriterTakesIsReadBackAndOneDeeperIsRefused(
      @TempDir Path tmp) throws Exception {
    Object deepest = nestedDollarMaps(JsonLimits.MAX_DEPTH);
    byte[] line = codec.encode(Fixtures.ok("A", "doc-1", 0, deepest, null));
    assertThat(RecordCodec.decode(line).output(0)).isEqualTo(deepest);
    Path log = tmp.resolve("trials.jsonl");
    Files.write(log, line);
    assertThat(TrialLog.read(log).latest().get("A/doc-1").output(0)).isEqualTo(deepest);

    assertThatThrownBy(() -> codec.encode(Fixtures.ok("A", "doc-2", 1,
        nestedDollarMaps(JsonLimits.MAX_DEPTH + 1), null)))
        .isInstanceOf(UnserializableOutputException.class)
        .hasMessageContaining("nested deeper than 256 levels");
  }

  @Test
  void linesAreSingleLineJsonEndingInNewline() {
    byte[] line = codec.encode(Fixtures.ok("A", "doc-1", 0, "a\nb", Map.of("k", "v\r\n")));
    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text).endsWith("\n");
    assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
    assertThat(text).startsWith("{\"seq\":0,\"config\":\"A\",\"input\":\"doc-1\",\"status\":\"ok\"");
  }

  @Test
  void secretValuesAreCutOutOfErrorsAndOutputs() {
    Config c = Config.of("A", Map.of("apiKey", "sk-live-123456", "headers",
        Map.of("Authorization", "Bearer tok-987654")));
    RecordCodec scrubbing = RecordCodec.of(List.of(c));
    String line = new String(scrubbing.encode(Fixtures.failed("A", "doc-1", 1,
        "401 for key sk-live-123456 with token tok-987654")), StandardCharsets.UTF_8)
        + new String(scrubbing.encode(Fixtures.ok("A", "doc-2", 2, "echo sk-live-123456", null)),
        StandardCharsets.UTF_8);
    assertThat(line).doesNotContain("sk-live-123456").doesNotContain("tok-987654")
        .contains("401 for key *** with token ***").contains("echo ***");
  }

  private UnserializableOutputException catchUnserializable(TrialRecord r) {
    try {
      codec.encode(r);
    } catch (UnserializableOutputException e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
