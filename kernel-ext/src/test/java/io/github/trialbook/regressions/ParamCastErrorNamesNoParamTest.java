package io.github.trialbook.regressions;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.sweep.Sweep;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code double T = t.config().param("T")} over a sweep of ints failed with the JVM's bare
 * "Integer cannot be cast to Double", naming neither the param nor the reader that converts it
 * (the cast happens in the caller's code, where {@code param} cannot catch it).
 */
class ParamCastErrorNamesNoParamTest {
  @TempDir
  Path tmp;

  @Test
  void aWrongCastOfAParamNamesTheParamAndTheReader() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("cast", List.of("x"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(300), "apiKey", List.of("sk-secret-1"))).configs())
        .stage("sim", t -> {
          double temperature = t.config().param("T");
          return temperature;
        })
        .runDir(tmp.resolve("cast")).consoleProgress(false).build());

    assertThat(r.failures()).hasSize(1);
    TrialRecord failed = r.failures().get(0);
    assertThat(failed.error().exceptionClass()).isEqualTo(ClassCastException.class.getName());
    assertThat(failed.error().message())
        .contains("cannot be cast")
        .contains("param 'T' of config " + failed.config() + " holds a Integer (300); read it "
            + "with t.config().doubleParam(\"T\")")
        .doesNotContain("sk-secret-1");
  }

  @Test
  void aCastUnrelatedToTheParamsIsLeftAsItIs() {
    BatchResult r = Trialbook.runBatch(Trialbook.batch("cast2", List.of("x"), s -> s)
        .configs(Sweep.grid(Map.of("T", List.of(300))).configs())
        .stage("sim", t -> {
          Object o = List.of(1);
          return (String) o;
        })
        .runDir(tmp.resolve("cast2")).consoleProgress(false).build());

    assertThat(r.failures().get(0).error().message()).contains("cannot be cast")
        .doesNotContain("read it with");
  }
}
