package io.github.trialbook.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SecretsTest {
  static final String KEY = "sk-test-0123456789abcdef";

  record Creds(String user, String token) {}

  record Reply(String text, int tokens) {}

  /** Each getter answers a new object: only a budget ends a walk through it. */
  public static final class Endless {
    public Endless getLeft() {
      return new Endless();
    }

    public Endless getRight() {
      return new Endless();
    }

    public String getApiKey() {
      return KEY;
    }
  }

  @Test
  void secretNamesIncludeEveryCommonSpellingButNotTokenCounts() {
    assertThat(List.of("API_KEY", "x-api-key", "openaiToken", "apiKey", "Authorization",
        "db_password", "passwd", "aws_secret_access_key", "credentials", "Cookie",
        "access_token", "tokens_api_token")).allMatch(Secrets::looksSecret);
    assertThat(List.of("model", "max_tokens", "maxTokens", "tokenizer", "num_tokens", "auth",
        "threshold")).noneMatch(Secrets::looksSecret);
  }

  @Test
  void redactMasksAtAnyDepthAndKeepsWhatHasNoSecretAsItIs() {
    List<String> plain = List.of("a", "b");
    Map<String, Object> params = Map.of("auth", Map.of("token", KEY), "plain", plain,
        "creds", new Creds("me", KEY), "list", List.of(Map.of("apiKey", KEY)),
        "headers", List.of("Authorization: Bearer abcdefgh"), "url", "https://h/?k=" + KEY,
        "opt", Optional.of(Map.of("secret", KEY)), "max_tokens", 512);

    Map<String, Object> shown = Secrets.redact(params);

    assertThat(shown.get("auth")).isEqualTo(Map.of("token", "***"));
    assertThat(shown.get("plain")).isSameAs(plain);
    assertThat(shown.get("creds")).isEqualTo(Map.of("user", "me", "token", "***"));
    assertThat(shown.get("list")).isEqualTo(List.of(Map.of("apiKey", "***")));
    assertThat(shown.get("headers")).isEqualTo(List.of("Authorization: Bearer ***"));
    assertThat(shown.get("url")).isEqualTo("https://h/?k=***"); // a found value, anywhere
    assertThat(shown.get("opt")).isEqualTo(Optional.of(Map.of("secret", "***")));
    assertThat(shown.get("max_tokens")).isEqualTo(512);
  }

  @Test
  void aValueSharedUnderAPlainAndASecretNameIsStillFound() {
    List<String> shared = new ArrayList<>(List.of(KEY));
    SecretScrubber s = Secrets.scrubber(List.of(Config.of("A",
        new java.util.LinkedHashMap<>(Map.of("a_plain", shared, "z_token", shared)))));
    assertThat(s.scrub("echo " + KEY)).isEqualTo("echo ***");
  }

  @Test
  void theScrubberMasksValuesAndShapesInsideOutputsAndKeepsUntouchedOnesIdentical() {
    SecretScrubber s = Secrets.scrubber(List.of(Config.of("A", Map.of("api_key", KEY))));
    Reply clean = new Reply("fine", 3);
    Map<String, Object> cleanMap = Map.of("a", List.of("x", 1));

    assertThat(s.scrubValue(clean)).isSameAs(clean);
    assertThat(s.scrubValue(cleanMap)).isSameAs(cleanMap);
    assertThat(s.scrubValue("ok")).isSameAs("ok");
    assertThat(s.scrubValue(new Reply("key " + KEY, 3))).isEqualTo(Map.of("text", "key ***",
        "tokens", 3));
    assertThat(s.scrubValue(Set.of("x " + KEY))).isEqualTo(Set.of("x ***"));
    assertThat((Object[]) s.scrubValue(new Object[] {KEY, 1})).containsExactly("***", 1);
    assertThat(s.scrubValue(Map.of(KEY, 1))).isEqualTo(Map.of("***", 1));
    assertThat(s.scrub("Authorization: Bearer eyJhbGciOi.x.y and sk-abcdefgh12345"))
        .isEqualTo("Authorization: Bearer *** and ***");
    assertThat(SecretScrubber.none().scrub("Bearer abcdefgh")).isEqualTo("Bearer abcdefgh");
  }

  @Test
  void aSelfContainingOutputIsLeftForTheCheckpointToRefuseInsteadOfOverflowing() {
    SecretScrubber s = Secrets.scrubber(List.of(Config.of("A", Map.of("api_key", KEY))));
    List<Object> loop = new ArrayList<>();
    loop.add(loop);
    assertThat(s.scrubValue(loop)).isSameAs(loop);
    List<Object> deep = new ArrayList<>();
    List<Object> at = deep;
    for (int i = 0; i < 100_000; i++) {
      List<Object> next = new ArrayList<>();
      at.add(next);
      at = next;
    }
    at.add(KEY);
    assertThat(s.scrubValue(deep)).isSameAs(deep); // too deep to walk: the codec refuses it
  }

  @Test
  void aBeanThatAnswersNewObjectsForeverIsWalkedWithinABudget() {
    Config c = Config.of("A", Map.of("endless", new Endless()));
    assertThat(c.toString()).doesNotContain(KEY); // the first levels are masked; it ends
    SecretScrubber s = Secrets.scrubber(List.of(c));
    assertThat(s.scrub("echo " + KEY)).isEqualTo("echo ***");
    Endless output = new Endless();
    assertThat(s.scrubValue(output)).isInstanceOf(Map.class);
  }

  @Test
  void describeScrubsAThrowableForALogLine() {
    SecretScrubber s = Secrets.scrubber(List.of(Config.of("A", Map.of("api_key", KEY))));
    String line = s.describe(new IllegalStateException("outer " + KEY,
        new RuntimeException("inner " + KEY)));
    assertThat(line).contains("outer ***").contains("caused by: java.lang.RuntimeException: "
        + "inner ***").contains("\tat ").doesNotContain(KEY);
  }
}
