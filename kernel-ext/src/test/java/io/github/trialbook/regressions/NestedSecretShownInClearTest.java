package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.event.BatchListener;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.display.DisplayTarget;
import io.github.trialbook.display.LiveView;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 1: a secret nested in a config param ({@code auth.token}, a header
 * {@code Authorization: Bearer ...}) was masked in the files but shown in clear by
 * {@code Config.toString()}, the result's text and HTML, the table's error column,
 * {@code failures()}, the live view's failure list and a rerun's table (checked here for a
 * fresh run, a rerun, a resumed run and the opened run directory).
 */
class NestedSecretShownInClearTest {
  static final String KEY = "sk-test-0123456789abcdef";
  static final String BEARER = "tok-test-fedcba9876543210";

  @TempDir
  Path tmp;

  /** A live view in a notebook cell, fed as runBatch feeds it. */
  static final class RecordedLiveView implements DisplayTarget, BatchListener {
    final List<Map<String, String>> bundles = new CopyOnWriteArrayList<>();
    final LiveView view = new LiveView(this, LiveView.Options.defaults().withMaxUpdatesPerSecond(100));

    @Override
    public String display(Map<String, String> bundle) {
      bundles.add(bundle);
      return "id";
    }

    @Override
    public void update(String id, Map<String, String> bundle) {
      bundles.add(bundle);
    }

    @Override
    public synchronized void onProgress(ProgressSnapshot snapshot) {
      view.update(snapshot);
    }

    synchronized String finish(ProgressSnapshot last) {
      view.finish(last);
      StringBuilder all = new StringBuilder();
      bundles.forEach(b -> b.values().forEach(all::append));
      return all.toString();
    }
  }

  private BatchSpec<Integer> spec(Path dir, RecordedLiveView live) {
    Config a = Config.of("A", Map.of("auth", Map.of("token", KEY),
        "headers", Map.of("Authorization", "Bearer " + BEARER), "model", "m1"));
    return Trialbook.batch("nested", List.of(1, 2, 3), i -> "n" + i)
        .configs(a)
        .stage("call", t -> {
          Map<String, String> auth = t.config().param("auth");
          if (t.input() == 2) {
            throw new IllegalStateException("server rejected token " + auth.get("token")
                + " and header token " + BEARER);
          }
          return "ok";
        })
        .listener(live)
        .runDir(dir)
        .consoleProgress(false)
        .build();
  }

  @Test
  void noViewOfConfigResultTableFailuresLiveViewOrRerunShowsTheNestedSecret() throws Exception {
    Path dir = tmp.resolve("run");
    RecordedLiveView live = new RecordedLiveView();
    BatchSpec<Integer> spec = spec(dir, live);

    String config = spec.configs().get(0).toString();
    assertThat(config).contains("token=***").contains("Authorization=***")
        .doesNotContain(KEY).doesNotContain(BEARER);
    assertThat(spec.configs().get(0).redactedParams().toString()).doesNotContain(KEY);

    BatchResult r = Trialbook.runBatch(spec);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures().get(0).error().message())
        .isEqualTo("server rejected token *** and header token ***");
    assertThat(r.table().stringColumn("error").get(1)).contains("server rejected token ***");
    assertThat(Leaks.views(r) + spec + spec.configs()).doesNotContain(KEY).doesNotContain(BEARER);
    String liveView = live.finish(r.progress());
    assertThat(liveView).contains("server rejected token ***")
        .doesNotContain(KEY).doesNotContain(BEARER);

    RecordedLiveView rerunLive = new RecordedLiveView();
    BatchResult rerun = Trialbook.rerun(spec(dir, rerunLive), Select.failed());
    assertThat(rerun.failed()).isEqualTo(1);
    assertThat(Leaks.views(rerun)).contains("***").doesNotContain(KEY).doesNotContain(BEARER);
    assertThat(rerunLive.finish(rerun.progress())).doesNotContain(KEY).doesNotContain(BEARER);
    assertThat(rerun.history("A/n2")).hasSize(2).allSatisfy(h ->
        assertThat(h.toString() + h.error().message()).doesNotContain(KEY));

    BatchResult resumed = Trialbook.runBatch(spec(dir, new RecordedLiveView()));
    assertThat(resumed.progress().resumedTrials()).isEqualTo(3);
    assertThat(Leaks.views(resumed)).contains("***").doesNotContain(KEY).doesNotContain(BEARER);

    BatchResult opened = Trialbook.open(dir);
    assertThat(Leaks.views(opened)).doesNotContain(KEY).doesNotContain(BEARER);
    Leaks.assertNoFileHolds(dir, List.of(KEY, BEARER));
  }
}
