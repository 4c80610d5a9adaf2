package io.github.trialbook.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.TrialRecord;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlTrialSinkTest {
  @TempDir
  Path dir;

  private JsonlTrialSink open(Path file, CheckpointPolicy policy) throws Exception {
    return JsonlTrialSink.open(file, 0, RecordCodec.plain(), policy, null);
  }

  @Test
  void eightThreadsAppendingConcurrentlyLeaveEveryRecordExactlyOnce() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    int threads = 8;
    int perThread = 2_500;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    try (JsonlTrialSink sink = open(file, new CheckpointPolicy(100, Duration.ofMillis(5)))) {
      for (int t = 0; t < threads; t++) {
        int worker = t;
        Thread th = new Thread(() -> {
          try {
            start.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < perThread; i++) {
            long seq = (long) worker * perThread + i;
            sink.append(Fixtures.ok("W" + worker, "in-" + i, seq, Math.sqrt(i), List.of(seq)));
          }
        });
        workers.add(th);
        th.start();
      }
      start.countDown();
      for (Thread th : workers) {
        th.join();
      }
    }
    TrialLog log = TrialLog.read(file);
    assertThat(log.records()).isEqualTo(threads * perThread);
    assertThat(log.latest()).hasSize(threads * perThread);
    assertThat(log.tornTail()).isEmpty();
    Set<Long> seqs = new HashSet<>();
    for (TrialRecord r : log.latest().values()) {
      assertThat(seqs.add(r.seq())).isTrue();
      int i = Integer.parseInt(r.inputId().substring(3));
      assertThat(r.output(0)).isEqualTo(Math.sqrt(i));
    }
    assertThat(log.nextSeq()).isEqualTo(threads * perThread);
    assertThat(Files.readAllLines(file)).hasSize(threads * perThread);
  }

  @Test
  void flushMakesEverythingAppendedBeforeItReadable() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    try (JsonlTrialSink sink = open(file, new CheckpointPolicy(1_000_000, Duration.ofHours(1)))) {
      for (int i = 0; i < 10; i++) {
        sink.append(Fixtures.ok("A", "doc-" + i, i, i, null));
      }
      sink.flush();
      assertThat(sink.forcedRecords()).isEqualTo(10);
      assertThat(TrialLog.read(file).latest()).hasSize(10);
    }
  }

  @Test
  void groupCommitForcesAfterMaxRecordsAndAfterMaxDelay() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    try (JsonlTrialSink sink = open(file, new CheckpointPolicy(5, Duration.ofMillis(50)))) {
      for (int i = 0; i < 5; i++) {
        sink.append(Fixtures.ok("A", "doc-" + i, i, i, null));
      }
      awaitForced(sink, 5); // by count: no flush() called
      sink.append(Fixtures.ok("A", "doc-5", 5, 5, null));
      awaitForced(sink, 6); // by delay: one record only, far below maxRecords
    }
  }

  private static void awaitForced(JsonlTrialSink sink, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (sink.forcedRecords() < n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(sink.forcedRecords()).isEqualTo(n);
  }

  @Test
  void aFullDiskSurfacesThroughFlushAndCloseAndLeavesOnlyWholeLines() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    byte[] one = RecordCodec.plain().encode(Fixtures.ok("A", "doc-0", 0, "x".repeat(100), null));
    FileChannel real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    // room for 3.5 lines: the 4th write is cut in the middle, as on a full disk
    FailingChannel full = new FailingChannel(real, one.length * 3L + one.length / 2);
    JsonlTrialSink sink = new JsonlTrialSink(file, full, RecordCodec.plain(),
        new CheckpointPolicy(1, Duration.ofMillis(10)), null);
    for (int i = 0; i < 10; i++) {
      sink.append(Fixtures.ok("A", "doc-" + i, i, "x".repeat(100), null));
    }
    assertThatThrownBy(sink::flush).isInstanceOf(CheckpointException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("No space left on device")
        .hasMessageContaining("free disk space");
    assertThat(sink.failure()).hasMessageContaining("No space left");
    sink.append(Fixtures.ok("A", "doc-99", 99, 1, null)); // dropped, never throws for I/O
    assertThatThrownBy(sink::close).isInstanceOf(CheckpointException.class);

    TrialLog log = TrialLog.read(file);
    assertThat(log.latest().keySet()).containsExactlyInAnyOrder("A/doc-0", "A/doc-1", "A/doc-2");
    assertThat(Files.size(file)).isEqualTo(one.length * 3L); // the partial line was cut
  }

  @Test
  void appendAfterCloseIsAnError() throws Exception {
    JsonlTrialSink sink = open(dir.resolve("trials.jsonl"), CheckpointPolicy.defaults());
    sink.close();
    sink.close(); // idempotent
    assertThatThrownBy(() -> sink.append(Fixtures.ok("A", "d", 0, 1, 2)))
        .isInstanceOf(CheckpointException.class).hasMessageContaining("closed");
  }

  @Test
  void anUnserializableOutputIsRefusedOnTheCallerAndTheFileStaysClean() throws Exception {
    Path file = dir.resolve("trials.jsonl");
    try (JsonlTrialSink sink = open(file, CheckpointPolicy.defaults())) {
      sink.append(Fixtures.ok("A", "doc-1", 0, 1, null));
      assertThatThrownBy(() -> sink.append(Fixtures.ok("A", "doc-2", 1, new Object(), null)))
          .isInstanceOf(UnserializableOutputException.class);
      sink.append(Fixtures.ok("A", "doc-3", 2, 3, null));
    }
    assertThat(TrialLog.read(file).latest().keySet()).containsExactlyInAnyOrder("A/doc-1",
        "A/doc-3");
  }
}
