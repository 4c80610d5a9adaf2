package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: a param map that contains itself crashed the secret scrubber with a raw
 * {@code StackOverflowError}. Such a param cannot be stored or compared (item 8), so it is now
 * refused when the config is made, with a message naming the config, the param and where the
 * cycle is, and never the secret inside it; a stage output that contains itself, with a secret
 * in it, is walked once by the scrubber and the batch goes on.
 */
class SelfContainingParamMapTest {
  static final String KEY = "sk-test-0123456789abcdef";

  @TempDir
  Path tmp;

  @Test
  void aSelfContainingParamIsRefusedByName() {
    Map<String, Object> options = new HashMap<>();
    options.put("token", KEY);
    options.put("self", options);
    assertThatThrownBy(() -> Config.of("A", Map.of("options", options)))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("param 'options' of config A").hasMessageContaining("contains itself")
        .message().doesNotContain(KEY);

    List<Object> list = new ArrayList<>();
    list.add("x");
    list.add(list);
    assertThatThrownBy(() -> Config.of("A", Map.of("list", list)))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContaining("param 'list' of config A (at list[1]) contains itself");
  }

  @Test
  void aSelfContainingOutputHoldingASecretDoesNotCrashTheScrubber() throws Exception {
    Path dir = tmp.resolve("run");
    BatchSpec<Integer> spec = Trialbook.batch("cycle", List.of(1, 2), i -> "n" + i)
        .configs(Config.of("A", Map.of("api_key", KEY)))
        .stage("s", t -> {
          Map<String, Object> out = new HashMap<>();
          out.put("echo", "key " + t.config().param("api_key"));
          out.put("self", out);
          return out;
        })
        .runDir(dir)
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec); // was: StackOverflowError from the scrubber

    assertThat(r.records()).hasSize(2);
    for (TrialRecord t : r.records()) {
      // the record either keeps the scrubbed map or fails with a clear error: never the key
      assertThat(String.valueOf(t.outputs()) + t.error()).doesNotContain(KEY);
    }
    assertThat(Leaks.views(r) + Leaks.views(Trialbook.open(dir))).doesNotContain(KEY);
    Leaks.assertNoFileHolds(dir, List.of(KEY));
  }
}
