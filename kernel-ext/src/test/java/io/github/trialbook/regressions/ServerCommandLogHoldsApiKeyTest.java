package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.testing.ModelServerMain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4 (files): an endpoint's start command ran with its output redirected straight
 * into the command log, so a server that prints its arguments (vLLM prints {@code --api-key})
 * wrote the key to disk in clear. The log is now written line by line through the scrubber.
 */
class ServerCommandLogHoldsApiKeyTest {
  static final String KEY = "sk-test-0123456789abcdef";
  static final String TOKEN = "tok-test-fedcba9876543210";

  @TempDir
  Path logs;

  @Test
  void theStartCommandsEchoedArgumentsAreScrubbedInItsLog() throws Exception {
    int port = ModelServerMain.freePort();
    try (EndpointPool pool = EndpointPool.builder()
        .endpoint(Endpoint.builder("http://127.0.0.1:" + port + "/v1", "sim-model").name("child")
            .healthUrl("http://127.0.0.1:" + port + "/health")
            .apiKeyEnv("CHILD_API_KEY")
            .start(ModelServerMain.command("no-such-mode", "--api-key", KEY, "--token=" + TOKEN))
            .startTimeout(Duration.ofSeconds(30))
            .maxRestarts(0)
            .build())
        .env(Map.of("CHILD_API_KEY", KEY)::get)
        .commandLogs(logs)
        .maxWait(Duration.ofMillis(100))
        .build()) {
      String log = awaitLog("(got: no-such-mode --api-key *** --token=***)");
      assertThat(log).doesNotContain(KEY).doesNotContain(TOKEN);
      assertThat(pool.status().toText() + pool).doesNotContain(KEY).doesNotContain(TOKEN);
    }
    Leaks.assertNoFileHolds(logs, List.of(KEY, TOKEN));
  }

  private String awaitLog(String expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    String all = "";
    while (System.nanoTime() < deadline) {
      StringBuilder text = new StringBuilder();
      try (Stream<Path> files = Files.list(logs)) {
        for (Path f : files.toList()) {
          text.append(Files.readString(f, StandardCharsets.UTF_8));
        }
      }
      all = text.toString();
      if (all.contains("(got: ")) {
        assertThat(all).contains(expected);
        return all;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the command's output never reached its log: " + all);
  }
}
