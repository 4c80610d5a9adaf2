package io.github.trialbook.store;

import io.github.trialbook.internal.DaemonThreads;
import java.util.concurrent.CompletableFuture;
import io.github.trialbook.batch.TrialRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The trial log read back: the latest record per key (highest {@code seq}), the earlier records of
 * a key on demand ({@link #history}), and the sequence number to continue with. An incomplete last
 * line (a crash mid-write) is left out and reported by {@link #tornTail()}; a corrupt line
 * anywhere else is a {@link CheckpointException} naming the file and line.
 *
 * <pre>{@code
 * TrialLog log = TrialLog.read(runDir.resolve("trials.jsonl"));
 * Set<String> done = log.finishedKeys();          // skip these on resume
 * List<TrialRecord> tries = log.history("B/doc-17");
 * }</pre>
 */
public final class TrialLog {
  private final Path file;
  private final Map<String, TrialRecord> latest;
  private final Set<String> rerunKeys;
  private final long nextSeq;
  private final LogReader.Result scan;
  private Map<String, long[]> historyOffsets;

  private TrialLog(Path file, Map<String, TrialRecord> latest, Set<String> rerunKeys,
      long nextSeq, LogReader.Result scan) {
    this.file = file;
    this.latest = Collections.unmodifiableMap(latest);
    this.rerunKeys = rerunKeys;
    this.nextSeq = nextSeq;
    this.scan = scan;
  }

  /** Reads {@code file} (missing = empty log); never changes it. */
  public static TrialLog read(Path file) {
    Map<String, TrialRecord> latest = new HashMap<>(expectedKeys(file));
    Set<String> rerunKeys = new HashSet<>();
    RecordDecoder decoder = new RecordDecoder();
    long[] maxSeq = {-1};
    LogReader.Result scan = LogReader.read(file, decoder, (r, offset) -> {
      maxSeq[0] = Math.max(maxSeq[0], r.seq());
      TrialRecord previous = latest.putIfAbsent(r.key(), r);
      if (previous != null) {
        rerunKeys.add(r.key());
        if (r.seq() >= previous.seq()) {
          latest.put(r.key(), r);
        }
      }
    });
    return new TrialLog(file, latest, rerunKeys, maxSeq[0] + 1, scan);
  }

  public Path file() {
    return file;
  }

  /** Key {@code config/inputId} → its latest record. */
  public Map<String, TrialRecord> latest() {
    return latest;
  }

  /** Keys whose latest record ran to an outcome ({@link io.github.trialbook.batch.TrialStatus#isFinished()}). */
  public Set<String> finishedKeys() {
    Set<String> keys = new HashSet<>(latest.size() * 2);
    latest.forEach((k, r) -> {
      if (r.status().isFinished()) {
        keys.add(k);
      }
    });
    return keys;
  }

  /** Every record of {@code key}, oldest first (by seq); empty if the key never ran. */
  public List<TrialRecord> history(String key) {
    TrialRecord last = latest.get(key);
    if (last == null) {
      return List.of();
    }
    if (!rerunKeys.contains(key)) {
      return List.of(last);
    }
    List<TrialRecord> all = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      for (long offset : historyOffsets().get(key)) {
        all.add(RecordCodec.decode(readLine(ch, offset)));
      }
    } catch (IOException e) {
      throw new CheckpointException("cannot read the history of " + key + " from " + file + ": "
          + e, e);
    }
    all.sort(Comparator.comparingLong(TrialRecord::seq));
    return all;
  }

  /** Where the lines of re-run keys are: found by one scan on the first history call. */
  private synchronized Map<String, long[]> historyOffsets() {
    if (historyOffsets == null) {
      Map<String, long[]> offsets = new HashMap<>();
      RecordDecoder keysOnly = new RecordDecoder(false);
      LogReader.read(file, keysOnly, (r, offset) -> {
        if (offset < scan.validLength() && rerunKeys.contains(r.key())) {
          long[] list = offsets.get(r.key());
          list = list == null ? new long[1] : Arrays.copyOf(list, list.length + 1);
          list[list.length - 1] = offset;
          offsets.put(r.key(), list);
        }
      });
      historyOffsets = offsets;
    }
    return historyOffsets;
  }

  private static byte[] readLine(FileChannel ch, long offset) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(4096);
    while (true) {
      int n = ch.read(buf, offset + buf.position());
      byte[] a = buf.array();
      for (int i = 0; i < buf.position(); i++) {
        if (a[i] == '\n') {
          return Arrays.copyOf(a, i);
        }
      }
      if (n < 0) {
        return Arrays.copyOf(a, buf.position());
      }
      if (!buf.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(buf.capacity() * 2);
        buf.flip();
        bigger.put(buf);
        buf = bigger;
      }
    }
  }

  /** The sequence number for the next record: one past the highest seen (0 for a new log). */
  public long nextSeq() {
    return nextSeq;
  }

  /** Records read (all of them, not only the latest per key). */
  public long records() {
    return scan.records();
  }

  /** Where the complete lines end: appending resumes here, after a torn tail is cut. */
  public long validLength() {
    return scan.validLength();
  }

  /** A note on the incomplete last line left by a crash, if there was one. */
  public Optional<String> tornTail() {
    if (scan.tornBytes() == 0) {
      return Optional.empty();
    }
    return Optional.of(file + ": ignored an incomplete last line (" + scan.tornBytes()
        + " bytes after record " + scan.records() + ", left by a crash mid-write); that trial runs "
        + "again");
  }

  /**
   * Only the finished keys of a log, without decoding outputs: the least memory a resume needs
   * when the results of earlier trials are not wanted in memory.
   */
  public static Set<String> readFinishedKeys(Path file) {
    int parts = Math.min(4, Runtime.getRuntime().availableProcessors());
    long[] points = parts > 1 && sizeOf(file) >= PARALLEL_BYTES
        ? LogReader.splitPoints(file, parts) : new long[0];
    Map<String, Long> latestSeq;
    if (points.length <= 2) {
      latestSeq = scanKeys(file, 0, -1, expectedKeys(file));
    } else {
      latestSeq = scanInParallel(file, points);
    }
    latestSeq.values().removeIf(packed -> (packed & 1) == 0);
    return Collections.unmodifiableSet(latestSeq.keySet());
  }

  /** Below this size one thread is faster than splitting. */
  private static final long PARALLEL_BYTES = 8L << 20;

  /**
   * Scans ranges on a thread each and merges them (latest seq wins, whatever range it is in).
   * A corrupt line is reported by a sequential re-read, which names its exact line number.
   */
  private static Map<String, Long> scanInParallel(Path file, long[] points) {
    int ranges = points.length - 1;
    List<CompletableFuture<Map<String, Long>>> parts = new ArrayList<>();
    int expected = expectedKeys(file) / ranges + 16;
    for (int i = 0; i < ranges; i++) {
      long from = points[i];
      long to = points[i + 1];
      CompletableFuture<Map<String, Long>> part = new CompletableFuture<>();
      Thread t = DaemonThreads.daemon(() -> {
        try {
          part.complete(scanKeys(file, from, to, expected));
        } catch (Throwable e) {
          part.completeExceptionally(e);
        }
      }, "trialbook-resume-scan-" + i);
      t.start();
      parts.add(part);
    }
    Map<String, Long> merged = null;
    try {
      for (CompletableFuture<Map<String, Long>> part : parts) {
        Map<String, Long> map = part.join();
        if (merged == null) {
          merged = map;
        } else {
          Map<String, Long> into = merged;
          map.forEach((k, v) -> into.merge(k, v, Math::max));
        }
      }
    } catch (java.util.concurrent.CompletionException e) {
      return scanKeys(file, 0, -1, expectedKeys(file)); // throws with the exact line
    }
    return merged;
  }

  /** Key → seq * 2 + finished, for bytes {@code [from, to)} ({@code to < 0}: the whole file). */
  private static Map<String, Long> scanKeys(Path file, long from, long to, int expected) {
    // one map, seq * 2 + finished per key: a second map or set of a million keys costs as much
    // time as the parsing
    Map<String, Long> latestSeq = new HashMap<>(expected);
    LogReader.ObjectReader reader = (p, offset) -> {
      KeyStatus k = KeyStatus.read(p);
      long packed = k.seq() * 2 + (k.finished() ? 1 : 0);
      Long known = latestSeq.putIfAbsent(k.key(), packed);
      if (known != null && packed > known) {
        latestSeq.put(k.key(), packed);
      }
    };
    if (to < 0) {
      LogReader.read(file, reader);
    } else {
      LogReader.read(file, from, to, reader);
    }
    return latestSeq;
  }

  private static long sizeOf(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** A map capacity for the keys of {@code file}, so a million keys do not rehash ten times. */
  static int expectedKeys(Path file) {
    try {
      long estimate = java.nio.file.Files.size(file) / 128;
      return (int) Math.min(1 << 24, Math.max(16, estimate * 4 / 3));
    } catch (IOException e) {
      return 16;
    }
  }
}
