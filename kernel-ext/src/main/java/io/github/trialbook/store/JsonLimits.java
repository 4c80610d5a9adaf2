package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/**
 * The largest values a run directory's JSON files hold, in one place for the writer and the
 * reader: whatever the writer accepts, the reader reads back, so one big value can never make a
 * run unreadable. The writer refuses more with a {@link TooLarge} error (the trial then fails
 * with a message naming the stage, what was too large and the limit); the reader's Jackson
 * {@link StreamReadConstraints} are set from the same numbers (Jackson's own defaults are lower:
 * 20 M chars per string, 1,000 digits per number, 50,000 bytes per name).
 *
 * <ul>
 *   <li>a string (output, error message, input id): {@value #MAX_STRING_CHARS} chars;
 *   <li>a map key: {@value #MAX_NAME_CHARS} chars;
 *   <li>a {@code BigInteger} or {@code BigDecimal}: {@value #MAX_NUMBER_DIGITS} digits;
 *   <li>nesting of maps and lists in one output: {@value #MAX_DEPTH} levels.
 * </ul>
 *
 * <pre>{@code
 * JsonLimits.checkString(text, "output");     // throws JsonLimits.TooLarge beyond the limit
 * JsonParser p = JsonLimits.FACTORY.createParser(bytes);   // reads all the writer accepts
 * }</pre>
 */
final class JsonLimits {
  /** Longest string, in chars (Jackson counts string lengths in chars too). */
  static final int MAX_STRING_CHARS = 32_000_000;
  /** Longest map key, in chars. */
  static final int MAX_NAME_CHARS = 100_000;
  /** Most digits of a BigInteger or of a BigDecimal's unscaled value. */
  static final int MAX_NUMBER_DIGITS = 10_000;
  /** Deepest nesting of one value: deeper is almost surely a value that contains itself. */
  static final int MAX_DEPTH = 256;

  /**
   * What the reader accepts, with headroom for how Jackson counts: names in UTF-8 bytes (up to 4
   * per char, rounded up to a buffer size), number lengths with sign and exponent, and nesting
   * of a record's own objects around an output plus a {@code $map} or tag object per level.
   */
  static final StreamReadConstraints READ = readConstraints();

  /** The factory of every JSON file in a run directory: the trial log and the manifest. */
  static final JsonFactory FACTORY = factory();

  private JsonLimits() {}

  /**
   * The reader's limits. Jackson 2.15 (the one Spark 3.5 brings, for {@code trialbook-spark}) has
   * no limit on names: there they are left unlimited, which reads all the writer accepts too.
   */
  private static StreamReadConstraints readConstraints() {
    StreamReadConstraints.Builder b = StreamReadConstraints.builder()
        .maxStringLength(MAX_STRING_CHARS)
        .maxNumberLength(MAX_NUMBER_DIGITS + 16)
        .maxNestingDepth(2 * MAX_DEPTH + 16);
    try {
      StreamReadConstraints.Builder.class.getMethod("maxNameLength", int.class)
          .invoke(b, MAX_NAME_CHARS * 4 + 1024);
    } catch (NoSuchMethodException e) {
      // Jackson 2.15: no name limit to raise
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set Jackson's name length limit", e);
    }
    return b.build();
  }

  /** A new factory with these limits (one per {@code ObjectMapper}, which claims its factory). */
  static JsonFactory factory() {
    JsonFactoryBuilder b = (JsonFactoryBuilder) JsonFactory.builder()
        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
        .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
        .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
        .streamReadConstraints(READ);
    if (WriteLimits.AVAILABLE) {
      WriteLimits.apply(b);
    }
    return b.build();
  }

  /**
   * The writer's nesting backstop (the value codec checks {@link #MAX_DEPTH} itself). Its own
   * class, loaded only when Jackson has write constraints (2.16 and later). Asked of the
   * factory builder, not of the class alone: a kernel with Spark's jackson-core 2.15 first and
   * the -all jar's 2.20 later on its class path finds the class but not the builder's method.
   */
  private static final class WriteLimits {
    static final boolean AVAILABLE = builderTakes("com.fasterxml.jackson.core.StreamWriteConstraints");

    static void apply(JsonFactoryBuilder b) {
      b.streamWriteConstraints(StreamWriteConstraints.builder()
          .maxNestingDepth(2 * MAX_DEPTH + 16)
          .build());
    }

    private static boolean builderTakes(String className) {
      try {
        Class<?> c = Class.forName(className, false, JsonLimits.class.getClassLoader());
        JsonFactoryBuilder.class.getMethod("streamWriteConstraints", c);
        return true;
      } catch (ClassNotFoundException | NoSuchMethodException e) {
        return false;
      }
    }
  }

  /** A value beyond a limit: the message says what, how large, and the limit. */
  static final class TooLarge extends IllegalArgumentException {
    TooLarge(String message) {
      super(message);
    }
  }

  /** @param what what the string is, for the message ("a string", "the error message") */
  static void checkString(String s, String what) {
    if (s.length() > MAX_STRING_CHARS) {
      throw new TooLarge(what + " of " + count(s.length()) + " characters is longer than the "
          + "trial log holds (" + count(MAX_STRING_CHARS) + " characters)");
    }
  }

  static void checkName(String key) {
    if (key.length() > MAX_NAME_CHARS) {
      throw new TooLarge("a map key of " + count(key.length()) + " characters is longer than "
          + "the trial log holds (" + count(MAX_NAME_CHARS) + " characters per key)");
    }
  }

  static void checkNumber(BigInteger big) {
    // a digit carries log2(10) ~ 3.32 bits: only a number near the limit is counted exactly,
    // since printing a huge one takes long
    int bits = big.bitLength();
    if (bits <= MAX_NUMBER_DIGITS * 3) {
      return;
    }
    int digits = bits > MAX_NUMBER_DIGITS * 4 ? (int) (bits * Math.log10(2)) + 1
        : big.abs().toString().length();
    if (digits > MAX_NUMBER_DIGITS) {
      throw tooManyDigits("a BigInteger", digits);
    }
  }

  static void checkNumber(BigDecimal dec) {
    if (dec.precision() > MAX_NUMBER_DIGITS) {
      throw tooManyDigits("a BigDecimal", dec.precision());
    }
  }

  static void checkDepth(int depth) {
    if (depth > MAX_DEPTH) {
      throw new TooLarge("nested deeper than " + MAX_DEPTH
          + " levels (does the output contain itself?)");
    }
  }

  private static TooLarge tooManyDigits(String what, int digits) {
    return new TooLarge(what + " of " + count(digits) + " digits is longer than the trial log "
        + "holds (" + count(MAX_NUMBER_DIGITS) + " digits)");
  }

  /** What the user can do about a {@link TooLarge} value. */
  static String fix() {
    return "the trial log holds strings up to " + count(MAX_STRING_CHARS) + " characters, map "
        + "keys up to " + count(MAX_NAME_CHARS) + " characters and numbers up to "
        + count(MAX_NUMBER_DIGITS) + " digits: keep a larger value in a file of its own and "
        + "store its path instead, or shorten it";
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
