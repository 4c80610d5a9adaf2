package io.github.trialbook.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrialNumberingTest {

  @Test
  void trialsInterleaveTheConfigsAndMapBackToConfigAndInput() {
    TrialNumbering n = TrialNumbering.of(3, 4);
    assertThat(n.count()).isEqualTo(12);
    List<String> order = new ArrayList<>();
    for (int t = 0; t < n.count(); t++) {
      order.add(n.configOf(t) + "/" + n.inputOf(t));
      assertThat(n.trialOf(n.configOf(t), n.inputOf(t))).isEqualTo(t);
    }
    assertThat(order.subList(0, 4)).containsExactly("0/0", "1/0", "2/0", "0/1");
    assertThat(order).doesNotHaveDuplicates().hasSize(12);
  }

  @Test
  void moreTrialsThanOneBatchHoldsAreRefusedWithTheFix() {
    assertThatThrownBy(() -> TrialNumbering.of(65_536, 65_536))
        .isInstanceOf(BatchConfigException.class)
        .hasMessageContainingAll("configs × inputs = 4294967296 trials", "split the inputs");
  }
}
