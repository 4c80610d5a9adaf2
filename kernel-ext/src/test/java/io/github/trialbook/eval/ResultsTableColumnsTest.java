package io.github.trialbook.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.Config;
import io.github.trialbook.sweep.Sweep;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** {@code r.table("config", ...)}: only the columns asked for, equal to the whole table's. */
class ResultsTableColumnsTest {
  record Verdict(String label, double score) {}

  @Test
  void aFewColumnsEqualThoseOfTheWholeTableInTheOrderAsked() {
    List<Config> configs = Sweep.grid(Map.of("eps", List.of(0.1, 0.2))).configs();
    BatchResult r = Trialbook.runBatch(Trialbook.batch("cols", IntStream.range(0, 20).boxed()
            .toList(), i -> "i" + i)
        .configs(configs)
        .stage("a", t -> t.input() * 2)
        .stage("b", t -> new Verdict(t.input() % 2 == 0 ? "even" : "odd", t.input() / 20.0))
        .noCheckpoint().consoleProgress(false).build());
    Table few = r.table("b.label", "config", "status", "eps", "a_ms");
    assertThat(few.columnNames()).containsExactly("b.label", "config", "status", "eps", "a_ms");
    Table all = r.table();
    for (String c : few.columnNames()) {
      assertThat(few.column(c).asList()).as(c).isEqualTo(all.column(c).asList());
    }
    assertThat(r.table("config").columnCount()).isEqualTo(1);
  }

  @Test
  void anUnknownColumnIsNamedWithTheColumnsThereAre() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("cols2", List.of(1, 2), i -> "i" + i)
        .stage("llm", t -> Map.of("text", "x")).noCheckpoint().consoleProgress(false).build());
    assertThatThrownBy(() -> r.table("config", "llm.txt"))
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContaining("no column llm.txt")
        .hasMessageContaining("outputs of stages [llm]");
    assertThatThrownBy(() -> r.table("config", "status", "config"))
        .isInstanceOf(EvalArgumentException.class)
        .hasMessageContaining("name one column twice");
  }
}
