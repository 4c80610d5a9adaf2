package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Stage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;

class ResultsTableTest {
  record Prediction(String label, double score, boolean handoff, long tokens) {}

  public static final class Bean {
    public String getModel() {
      return "m1";
    }

    public int getLatency() {
      return 7;
    }
  }

  @Test
  void oneRowPerTrialWithTypedAndFlattenedColumns() {
    BatchSpec<Integer> spec = Trialbook.batch("table", List.of(1, 2, 3), i -> "doc-" + i)
        .configs(Config.of("A"), Config.of("B"))
        .stage("stage1", t -> new Prediction(t.input() % 2 == 0 ? "pos" : "neg", t.input() / 4.0,
            t.input() == 3, 10L + t.input()))
        .stage("count", t -> t.input() * 2)
        .stage("meta", t -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("ok", true);
          m.put("nested", Map.of("a", 1));
          return m;
        })
        .stage("bean", t -> t.input() == 2 ? Stage.end(new Bean()) : new Bean())
        .stage("last", t -> {
          if (t.input() == 1) {
            throw new IllegalStateException("<b>boom</b>");
          }
          return "x";
        })
        .parallelism(2)
        .consoleProgress(false).noCheckpoint()
        .build();
    BatchResult r = Trialbook.runBatch(spec);
    Table t = r.table();
    assertThat(t.rowCount()).isEqualTo(6);
    assertThat(t.columnNames()).startsWith("config", "input_id", "status", "attempts", "error",
        "worker", "started_at", "latency_ms", "stage1_ms", "count_ms", "meta_ms", "bean_ms",
        "last_ms");
    assertThat(t.columnNames()).contains("stage1.label", "stage1.score", "stage1.handoff",
        "stage1.tokens", "count", "meta.ok", "meta.nested", "bean.model", "bean.latency", "last");
    assertThat(t.column("stage1.score").type()).isEqualTo(ColumnType.DOUBLE);
    assertThat(t.column("stage1.handoff").type()).isEqualTo(ColumnType.BOOLEAN);
    assertThat(t.column("stage1.tokens").type()).isEqualTo(ColumnType.LONG);
    assertThat(t.column("count").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(t.column("meta.ok").type()).isEqualTo(ColumnType.BOOLEAN);
    assertThat(t.column("meta.nested").type()).isEqualTo(ColumnType.STRING);
    assertThat(t.column("bean.latency").type()).isEqualTo(ColumnType.INTEGER);
    assertThat(t.column("latency_ms").type()).isEqualTo(ColumnType.DOUBLE);
    assertThat(t.column("started_at").type()).isEqualTo(ColumnType.INSTANT);
    Table failed = t.where(t.stringColumn("status").isEqualTo("failed"));
    assertThat(failed.rowCount()).isEqualTo(2);
    assertThat(failed.stringColumn("error").get(0)).contains("IllegalStateException", "<b>boom</b>");
    assertThat(t.stringColumn("meta.nested").get(0)).isEqualTo("{\"a\":1}");
    Table ended = t.where(t.stringColumn("input_id").isEqualTo("doc-2"));
    assertThat(ended.doubleColumn("last_ms").isMissing().size()).isEqualTo(2);
    assertThat(ended.stringColumn("status").asList()).containsOnly("ok");
    assertThat(r.toHtml()).contains("&lt;b&gt;boom&lt;/b&gt;").doesNotContain("<b>boom</b>");
  }
}
