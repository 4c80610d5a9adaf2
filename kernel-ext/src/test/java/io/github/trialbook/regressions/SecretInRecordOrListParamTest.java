package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.store.StoreProbe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4, tried as a hostile user would: secrets in a record param (the manifest wrote
 * it through Jackson in clear), in list elements, under names like {@code API_KEY},
 * {@code x-api-key} and {@code openaiToken}, as a {@code char[]} password and as a bearer header
 * line. One policy finds them all, at any depth, and no file, fingerprint or view shows them.
 */
class SecretInRecordOrListParamTest {
  record Credentials(String user, String apiKey) {}

  /** A bean, as a Jackson-minded user would write one. */
  public static final class Account {
    public String getName() {
      return "svc";
    }

    public String getSecretValue() {
      return "beansecret-0123456789";
    }
  }

  static final List<String> SECRETS = List.of("sk-test-0123456789abcdef",
      "upper-0123456789abcdef", "dash-0123456789abcdef", "camel-0123456789abcdef",
      "record-0123456789abcdef", "list-0123456789abcdef", "header-0123456789abcdef",
      "chars-0123456789abcdef", "beansecret-0123456789");

  @TempDir
  Path tmp;

  @Test
  void everySecretShapeIsMaskedInManifestFingerprintFilesAndViews() throws Exception {
    Config a = Config.of("A", Map.of(
        "API_KEY", "upper-0123456789abcdef",
        "x-api-key", "dash-0123456789abcdef",
        "openaiToken", "camel-0123456789abcdef",
        "creds", new Credentials("me", "record-0123456789abcdef"),
        "keys", List.of("list-0123456789abcdef"),
        "headers", List.of("Authorization: Bearer header-0123456789abcdef"),
        "password", "chars-0123456789abcdef".toCharArray(),
        "account", new Account(),
        "nested", List.of(Map.of("providers", List.of(Map.of("secret", "sk-test-0123456789abcdef")))),
        "model", "m1"));
    String shown = a.toString();
    assertThat(shown).contains("model=m1").contains("creds={user=me, apiKey=***}")
        .contains("API_KEY=***").contains("x-api-key=***").contains("openaiToken=***")
        .contains("headers=[Authorization: Bearer ***]").contains("secretValue=***");
    SECRETS.forEach(s -> assertThat(shown).doesNotContain(s));

    Path dir = tmp.resolve("run");
    BatchSpec<Integer> spec = Trialbook.batch("hostile", List.of(1, 2), i -> "n" + i)
        .configs(a)
        .stage("leak", t -> {
          if (t.input() == 2) {
            throw new IllegalStateException("all of them: " + String.join(" ", SECRETS));
          }
          return Map.of("echo", SECRETS);
        })
        .runDir(dir)
        .consoleProgress(false)
        .build();
    String fingerprint = StoreProbe.fingerprint(spec);
    SECRETS.forEach(s -> assertThat(fingerprint).doesNotContain(s));

    BatchResult r = Trialbook.runBatch(spec);

    assertThat(r.failures().get(0).error().message()).isEqualTo("all of them: "
        + String.join(" ", java.util.Collections.nCopies(SECRETS.size(), "***")));
    assertThat(r.record("A/n1").orElseThrow().output("leak"))
        .isEqualTo(Map.of("echo", java.util.Collections.nCopies(SECRETS.size(), "***")));
    String views = Leaks.views(r) + Leaks.views(Trialbook.open(dir));
    SECRETS.forEach(s -> assertThat(views).doesNotContain(s));
    Leaks.assertNoFileHolds(dir, SECRETS);
  }
}
