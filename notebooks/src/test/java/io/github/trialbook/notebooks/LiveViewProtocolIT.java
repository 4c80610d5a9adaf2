package io.github.trialbook.notebooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The live view at the Jupyter protocol level, through jupyter_client against each real kernel's
 * Trialbook kernelspec ({@code src/test/python/live_probe.py}): a ~20 s batch, an interrupt
 * mid-batch, the next cell, and an interrupted watch of a background batch.
 */
@ParameterizedClass
@EnumSource(TestKernel.class)
class LiveViewProtocolIT {
  @Parameter
  TestKernel kernel;
  private static JsonNode report;

  @BeforeParameterizedClassInvocation
  static void probe(TestKernel k) throws Exception {
    k.assumeAvailable();
    Path work = Files.createDirectories(Jupyter.executed(k).resolve("probe"));
    Path out = work.resolve("report.json");
    Files.deleteIfExists(out);
    List<String> args = new java.util.ArrayList<>(List.of(k.probeKernelspec(), work.toString(), out.toString()));
    if (k.canLoseAChannelLoopAtStartUp()) {
      args.add("--revive-control-loop");
    }
    if (k.endsInterruptedCellUnderTheInterruptRequest()) {
      args.add("--idle-under-interrupt");
    }
    Jupyter.Run run = Jupyter.python("src/test/python/live_probe.py", args, 600);
    Files.writeString(work.resolve("probe-stderr.txt"), run.stderr()); // the kernel's log too
    assertThat(run.exitCode()).as("live_probe.py failed:\n%s", Jupyter.tail(run.stderr())).isZero();
    report = new ObjectMapper().readTree(out.toFile());
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> l = new ArrayList<>();
    array.forEach(l::add);
    return l;
  }

  @Test
  void updatesForOneDisplayIdArriveWhileTheCellIsBusy() {
    JsonNode live = report.get("live");
    List<JsonNode> displays = list(live.get("displays"));
    double idle = live.get("idle").asDouble();

    assertThat(displays.get(0).get("type").asText()).isEqualTo("display_data");
    assertThat(displays.subList(1, displays.size())).allSatisfy(d ->
        assertThat(d.get("type").asText()).isEqualTo("update_display_data"));
    assertThat(displays).extracting(d -> d.get("display_id").asText())
        .containsOnly(displays.get(0).get("display_id").asText());
    assertThat(displays).allSatisfy(d -> {
      assertThat(d.get("own_parent").asBoolean()).isTrue();
      assertThat(d.get("received").asDouble()).isLessThan(idle); // the cell is still busy
    });
    assertThat(displays.size()).as("a ~20 s batch shows many updates").isGreaterThanOrEqualTo(20);
    assertThat(idle).isGreaterThan(10);
  }

  /**
   * Rapaio stamps message headers to the minute, so rates are measured at receipt; a message held
   * up in transit on a busy machine bunches with the next ones, hence 100 ms of slack.
   */
  @Test
  void neverMoreThanFourPerSecondAndEachAtMost16KB() {
    List<JsonNode> displays = list(report.get("live").get("displays"));
    List<Double> received = displays.stream().map(d -> d.get("received").asDouble()).sorted().toList();
    for (int i = 0; i + 4 < received.size(); i++) {
      assertThat(received.get(i + 4) - received.get(i)).as("5 messages within one second from %s s", received.get(i))
          .isGreaterThanOrEqualTo(0.9);
    }
    assertThat(displays).allSatisfy(d -> assertThat(d.get("bytes").asInt()).isLessThanOrEqualTo(16 * 1024));
  }

  @Test
  void lastUpdateShowsTheFinalCounts() {
    List<JsonNode> displays = list(report.get("live").get("displays"));
    assertThat(displays.get(displays.size() - 1).get("text").asText())
        .startsWith("probe: finished, 360/360 trials (348 ok, 12 failed)")
        .contains("100.0% of stages");
    assertThat(report.get("live").get("outputs").toString()).contains("348 ok, 12 failed");
  }

  /** Seconds from the interrupt_request to the cell's idle. */
  private double secondsToIdle(JsonNode part) {
    boolean elsewhere = kernel.endsInterruptedCellUnderTheInterruptRequest();
    assertThat(elsewhere || !part.get("own_idle").isNull()).as("the cell's own idle arrived").isTrue();
    double idle = part.get("own_idle").isNull() ? part.get("idle_any").asDouble()
        : part.get("own_idle").asDouble();
    return idle - part.get("interrupt_at").asDouble();
  }

  /**
   * The text of the last display message of an interrupted cell: before its idle and under its
   * own request, or, in a kernel that ends an interrupted cell under the interrupt_request
   * (Rapaio), under any parent and late ones included.
   */
  private String lastPicture(JsonNode part) {
    String lastText = null;
    boolean anyParent = kernel.endsInterruptedCellUnderTheInterruptRequest();
    String[] lists = anyParent ? new String[] {"displays", "late"} : new String[] {"displays"};
    for (String list : lists) {
      for (JsonNode d : part.get(list)) {
        if (d.has("text") && d.get("type").asText().endsWith("display_data")
            && (anyParent || d.get("own_parent").asBoolean())) {
          lastText = d.get("text").asText();
        }
      }
    }
    return lastText;
  }

  @Test
  void interruptEndsTheCellPromptlyAndStopsTheBatch() {
    JsonNode interrupt = report.get("interrupt");
    assertThat(secondsToIdle(interrupt)).as("seconds from interrupt_request to idle")
        .isBetween(0.0, 5.0);

    long started = interrupt.get("stage_starts").asLong();
    assertThat(started).as("trials started before the batch stopped").isLessThan(360);
    assertThat(interrupt.get("stage_starts_4s_later").asLong()).as("no trial starts after the cancel")
        .isEqualTo(started);
  }

  @Test
  void theInterruptedCellsViewEndsCancelledAndResumable() {
    assertThat(lastPicture(report.get("interrupt"))).as("the last picture of the interrupted cell")
        .startsWith("probe-cancel: cancelled — resumable").contains("left for resume");
  }

  @Test
  void interruptingAWatchEndsTheCellButNotTheBackgroundBatch() {
    JsonNode watch = report.get("watch");
    assertThat(secondsToIdle(watch)).as("seconds from interrupt_request to idle")
        .isBetween(0.0, 5.0);
    assertThat(lastPicture(watch)).as("the last picture of the watching cell")
        .startsWith("probe-watch: running").contains("watching stopped");
    assertThat(watch.get("stage_starts_2s_later").asLong()).as("trials still start after it")
        .isGreaterThan(watch.get("stage_starts").asLong());
    assertThat(watch.get("cleanup").toString()).contains("true");
  }

  /** The interrupts above went through this revived loop (Rapaio only: others do not lose loops). */
  @Test
  void aLostControlLoopIsRevived() {
    Assumptions.assumeTrue(kernel.canLoseAChannelLoopAtStartUp(),
        () -> kernel + " does not lose its channel loops at start-up; nothing to revive");
    assertThat(report.get("revive").get("outputs").toString()).contains("control loop revived");
  }

  @Test
  void kernelStaysUsableForTheNextCell() {
    JsonNode next = report.get("next_cell");
    assertThat(next.get("idle").isNull()).isFalse();
    assertThat(next.get("outputs").toString()).contains("execute_result").contains("42");
  }
}
