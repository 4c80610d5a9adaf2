package io.github.trialbook.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The stop button in a plain JJava kernel whose only Trialbook step was {@code %jars} (no import,
 * no setup call): Trialbook's extension, installed while that cell ran, holds JJava's interrupt
 * until the batch's last picture is out. ({@code LiveViewProtocolIT} probes the jar on
 * {@code JJAVA_CLASSPATH}, installed at start-up.)
 */
class JJavaKernelIT {
  private static final TestKernel JJAVA = TestKernel.JJAVA;

  @Test
  void afterJarsTheInterruptedCellsLastPictureIsCancelledResumableBeforeItsIdle() throws Exception {
    JJAVA.assumeAvailable();
    Path jar = Jupyter.JARS.resolve("trialbook-kernel-ext-all.jar");
    Path work = Files.createDirectories(Jupyter.executed(JJAVA).resolve("probe-jars"));
    JsonNode report = Jupyter.interruptProbe(JJAVA.plainKernelspec(), work, "%jars " + jar);
    JsonNode interrupt = report.get("interrupt");
    String last = Jupyter.lastOwnPicture(interrupt);
    assertThat(last).as("the last picture before the cell's idle")
        .startsWith("probe-cancel: cancelled — resumable").contains("left for resume");
    assertThat(interrupt.get("own_idle").isNull()).as("the cell's own idle").isFalse();
    assertThat(interrupt.get("own_idle").asDouble() - interrupt.get("interrupt_at").asDouble())
        .as("seconds from interrupt_request to idle").isBetween(0.0, 5.0);
    assertThat(interrupt.get("stage_starts_4s_later").asLong()).as("no trial starts after the cancel")
        .isEqualTo(interrupt.get("stage_starts").asLong());
    assertThat(report.get("next_cell").get("outputs").toString()).contains("execute_result").contains("42");
  }
}
