package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 4: a param map that contains itself crashed the secret scrubber with a raw
 * {@code StackOverflowError}. A cycle is now walked once and shown as {@code (cycle)}.
 */
class SelfContainingParamMapTest {
  static final String KEY = "sk-test-0123456789abcdef";

  @TempDir
  Path tmp;

  @Test
  void aSelfContainingParamRunsMaskedAndIsShownAsACycle() throws Exception {
    Map<String, Object> options = new HashMap<>();
    options.put("token", KEY);
    options.put("self", options);
    List<Object> list = new ArrayList<>();
    list.add("x");
    list.add(list);
    Config a = Config.of("A", Map.of("options", options, "list", list));

    Path dir = tmp.resolve("run");
    BatchSpec<Integer> spec = Trialbook.batch("cycle", List.of(1, 2), i -> "n" + i)
        .configs(a)
        .stage("s", t -> {
          Map<?, ?> o = t.config().param("options");
          throw new IllegalStateException("refused " + o.get("token"));
        })
        .runDir(dir)
        .consoleProgress(false)
        .build();
    BatchResult r = Trialbook.runBatch(spec); // was: StackOverflowError from the scrubber

    assertThat(a.toString()).contains("token=***").contains("self=(cycle)")
        .contains("list=[x, (cycle)]").doesNotContain(KEY);

    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failures().get(0).error().message()).isEqualTo("refused ***");
    assertThat(Files.readString(dir.resolve("manifest.json"))).contains("(cycle)");
    assertThat(Leaks.views(r) + Leaks.views(Trialbook.open(dir))).doesNotContain(KEY);
    Leaks.assertNoFileHolds(dir, List.of(KEY));
    assertThat(Trialbook.runBatch(spec).records()).hasSize(2); // resumes: the fingerprint is stable
  }
}
