package io.github.trialbook.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import io.github.trialbook.display.Note;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkRunner on {@code local-cluster[2,1,1024]}: two executor JVMs, stage functions compiled
 * into a directory only the driver has, served through the REPL class server.
 */
class SparkRunnerClusterTest {
  private static final Pattern REEXECUTED = Pattern.compile("(\\d+) trial\\(s\\) re-executed");
  private static SparkSession spark;
  private static NotebookClasses cells;

  @TempDir
  static Path shared;

  @TempDir
  Path tmp;

  @BeforeAll
  static void startCluster() {
    spark = TestCluster.start("local-cluster[2,1,1024]");
    cells = NotebookClasses.compile(shared.resolve("notebook"));
  }

  @AfterAll
  static void stopCluster() {
    spark.stop();
  }

  private static BatchSpec<String> spec(String name, Path runDir, int inputs, long sleepMillis) {
    return spec(cells, name, runDir, inputs, sleepMillis);
  }

  /** Three stages of notebook classes: spin 200 µs, label, sleep {@code sleepMillis}. */
  static BatchSpec<String> spec(NotebookClasses cells, String name, Path runDir, int inputs,
      long sleepMillis) {
    List<String> docs = IntStream.range(0, inputs).mapToObj(i -> "doc-" + i).toList();
    return BatchSpec.builder(name, docs, s -> s)
        .configs(Config.of("A"), Config.of("B"))
        .stage("spin", cells.stage("spin", 200L))
        .stage("label", cells.stage("label"))
        .stage("wait", cells.stage("sleep", sleepMillis))
        .runDir(runDir)
        .consoleProgress(false)
        .build();
  }

  @Test
  void notebookClassesReachTheExecutorsAndEveryTrialIsRecordedOnce() {
    Path dir = tmp.resolve("classes");
    BatchResult r = SparkRunner.on(spark).partitionSize(20).runBatch(spec("cells", dir, 100, 0));

    assertThat(r.isCancelled()).as("notes %s", r.notes()).isFalse();
    assertThat(r.ok()).isEqualTo(200);
    assertThat(r.record("B/doc-12").orElseThrow().output("label")).isEqualTo("DOC-12:6");
    assertThat(r.records()).extracting(t -> t.worker()).contains(0, 1);
    assertThat(TrialLogs.finishedPerKey(dir)).hasSize(200).allSatisfy((k, n) -> assertThat(n)
        .isEqualTo(1));
  }

  @Test
  void aKilledExecutorsTrialsRunAgainAndAreRecordedOnce() throws Exception {
    Path dir = tmp.resolve("kill-executor");
    BatchHandle h = SparkRunner.on(spark).partitionSize(10).startBatch(spec("kill", dir, 120, 40));
    RunningTask victim = await(h, p -> !p.running().isEmpty() && p.doneTrials() >= 20)
        .running().get(0);
    ProcessHandle executor = TestCluster.executorProcess(Integer.toString(victim.worker()))
        .orElseThrow(() -> new AssertionError("no executor process " + victim.worker()));
    executor.destroyForcibly();

    BatchResult r = h.await();

    assertThat(r.isCancelled()).as("notes %s", r.notes()).isFalse();
    assertThat(r.ok()).isEqualTo(240);
    assertThat(TrialLogs.finishedPerKey(dir)).hasSize(240).allSatisfy((k, n) -> assertThat(n)
        .isEqualTo(1));
    assertThat(reexecuted(r.progress())).isPositive();
    assertThat(sparkNote(r.progress())).contains("executor " + victim.worker() + " lost");
  }

  @Test
  void aCancelledBatchResumesWithEveryTrialOnce() throws Exception {
    Path dir = tmp.resolve("cancel");
    BatchHandle h = SparkRunner.on(spark).partitionSize(10).startBatch(spec("cancel", dir, 100,
        20));
    await(h, p -> p.doneTrials() >= 20);
    h.cancel();
    BatchResult cancelled = h.await();
    assertThat(cancelled.isCancelled()).isTrue();
    assertThat(cancelled.records().size()).isLessThan(200);

    BatchResult resumed = SparkRunner.on(spark).runBatch(spec("cancel", dir, 100, 20));

    assertThat(resumed.ok()).isEqualTo(200);
    assertThat(resumed.progress().resumedTrials()).isEqualTo(cancelled.ok());
    assertThat(TrialLogs.finishedPerKey(dir)).hasSize(200).allSatisfy((k, n) -> assertThat(n)
        .isEqualTo(1));
  }

  @Test
  void aKilledDriverResumesOnSparkWithEveryTrialOnce() throws Exception {
    Path dir = tmp.resolve("driver-kill");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        DriverKillChild.class.getName(), dir.toString(), tmp.resolve("child-cells").toString()));
    Process driver = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("driver.log").toFile()).start();
    try {
      long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (TrialLogs.lines(dir) < 60 && driver.isAlive() && System.nanoTime() < end) {
        Thread.sleep(20);
      }
      assertThat(driver.isAlive()).as("the driver runs until it is killed").isTrue();
      List<ProcessHandle> executors = driver.descendants().toList();
      driver.destroyForcibly().waitFor(); // SIGKILL
      executors.forEach(ProcessHandle::destroyForcibly);
    } finally {
      driver.destroyForcibly();
    }
    Map<String, Integer> beforeResume = TrialLogs.finishedPerKey(dir);
    assertThat(beforeResume.size()).isBetween(60, 299);

    BatchResult r = SparkRunner.on(spark).runBatch(spec("driver-kill", dir, 150, 40));

    assertThat(r.ok()).isEqualTo(300);
    assertThat(r.progress().resumedTrials()).isEqualTo(beforeResume.size());
    assertThat(TrialLogs.finishedPerKey(dir)).hasSize(300).allSatisfy((k, n) -> assertThat(n)
        .isEqualTo(1));
  }

  /** The progress once {@code ready} holds for it; fails after a minute. */
  static ProgressSnapshot await(BatchHandle h, java.util.function.Predicate<ProgressSnapshot> ready)
      throws InterruptedException {
    long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < end) {
      ProgressSnapshot p = h.progress();
      if (ready.test(p)) {
        return p;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the batch never got there: " + h.progress());
  }

  static String sparkNote(ProgressSnapshot p) {
    Optional<String> note = p.panels().stream().filter(Note.class::isInstance)
        .map(n -> ((Note) n).text()).filter(t -> t.startsWith("spark ")).findFirst();
    return note.orElseThrow(() -> new AssertionError("no spark panel in " + p.panels()));
  }

  static long reexecuted(ProgressSnapshot p) {
    Matcher m = REEXECUTED.matcher(sparkNote(p));
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }
}
