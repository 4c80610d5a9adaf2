package io.github.trialbook.store;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.internal.DaemonThreads;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The trial log decoded whole: the latest record per key (highest {@code seq}), the earlier
 * records of a key on demand ({@link #history}), and the sequence number to continue with. What
 * {@link StoredRun#latest()} and the audit read; a resume and a result read the compact
 * {@link LogScan} instead. An incomplete last
 * line (a crash mid-write) is left out and reported by {@link #tornTail()}; a corrupt line
 * anywhere else is a {@link CheckpointException} naming the file and line.
 *
 * <pre>{@code
 * TrialLog log = TrialLog.read(runDir.resolve("trials.jsonl"));
 * TrialRecord r = log.latest().get("B/doc-17");
 * List<TrialRecord> tries = log.history("B/doc-17");
 * }</pre>
 */
final class TrialLog {
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

  /**
   * Reads {@code file} (missing = empty log); never changes it. A large log is decoded in ranges
   * on up to 4 threads (decoding is most of a resume's time); the latest record per key is the
   * one with the highest seq, whatever range it is in.
   */
  public static TrialLog read(Path file) {
    long[] points = splitForParallelRead(file);
    if (points.length <= 2) {
      return readSequentially(file);
    }
    List<List<TrialRecord>> ranges = perRange(file, points, (from, to) -> {
      List<TrialRecord> records = new ArrayList<>();
      RecordDecoder decoder = new RecordDecoder(); // one per thread: it is not thread-safe
      LogReader.read(file, from, to, (p, offset) -> records.add(decoder.read(p)));
      return records;
    });
    Latest latest = new Latest(expectedKeys(file));
    long count = 0;
    for (List<TrialRecord> range : ranges) {
      range.forEach(latest::add);
      count += range.size();
    }
    long valid = points[points.length - 1];
    return latest.log(file, new LogReader.Result(count, valid, sizeOf(file) - valid));
  }

  /** {@link #read} on one thread: the reference the parallel read must agree with. */
  static TrialLog readSequentially(Path file) {
    Latest latest = new Latest(expectedKeys(file));
    LogReader.Result scan = LogReader.read(file, new RecordDecoder(), (r, offset) -> latest.add(r));
    return latest.log(file, scan);
  }

  /** The latest record per key, the keys seen more than once and the highest seq, as read. */
  private static final class Latest {
    final Map<String, TrialRecord> byKey;
    final Set<String> rerunKeys = new HashSet<>();
    long maxSeq = -1;

    Latest(int expected) {
      byKey = new HashMap<>(expected);
    }

    void add(TrialRecord r) {
      maxSeq = Math.max(maxSeq, r.seq());
      String key = r.key();
      TrialRecord previous = byKey.putIfAbsent(key, r);
      if (previous != null) {
        rerunKeys.add(key);
        if (r.seq() >= previous.seq()) {
          byKey.put(key, r);
        }
      }
    }

    TrialLog log(Path file, LogReader.Result scan) {
      return new TrialLog(file, byKey, rerunKeys, maxSeq + 1, scan);
    }
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

  /** Below this size one thread is faster than splitting. */
  private static final long PARALLEL_BYTES = 8L << 20;

  /** Line-aligned range bounds for a parallel read; two or fewer points mean read in one go. */
  private static long[] splitForParallelRead(Path file) {
    int parts = Math.min(4, Runtime.getRuntime().availableProcessors());
    return parts > 1 && sizeOf(file) >= PARALLEL_BYTES
        ? LogReader.splitPoints(file, parts) : new long[0];
  }

  /** Reads bytes {@code [from, to)} of the log. */
  interface RangeReader<T> {
    T read(long from, long to);
  }

  /**
   * Runs {@code reader} over each range between consecutive {@code points} on a thread each and
   * returns the results in file order. A failed range is thrown once, after every range has
   * ended (so none still reads, or holds memory, when the caller sees it), and never read again:
   * a corrupt line's error already names its line in the whole file, and re-reading after an
   * {@link OutOfMemoryError} would only fail again, twice as late. An {@link Error} is thrown
   * unchanged and before any exception; another exception is the first in file order.
   */
  static <T> List<T> perRange(Path file, long[] points, RangeReader<T> reader) {
    List<CompletableFuture<T>> parts = new ArrayList<>();
    for (int i = 0; i + 1 < points.length; i++) {
      long from = points[i];
      long to = points[i + 1];
      String thread = "trialbook-read-" + file.getFileName() + "-" + i;
      parts.add(CompletableFuture.supplyAsync(() -> readRange(file, from, to, reader),
          task -> DaemonThreads.daemon(task, thread).start()));
    }
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
        .join();
    Throwable failure = null;
    List<T> results = new ArrayList<>(parts.size());
    for (CompletableFuture<T> part : parts) {
      if (!part.isCompletedExceptionally()) {
        results.add(part.join());
        continue;
      }
      Throwable e = part.handle((result, thrown) -> thrown).join();
      e = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      if (failure == null || e instanceof Error && !(failure instanceof Error)) {
        failure = e;
      }
    }
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure != null) {
      throw (RuntimeException) failure; // readRange lets only unchecked exceptions out
    }
    return results;
  }

  /** One range, its failure as a {@link CheckpointException} naming the file and bytes. */
  private static <T> T readRange(Path file, long from, long to, RangeReader<T> reader) {
    try {
      return reader.read(from, to);
    } catch (CheckpointException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CheckpointException("reading bytes " + from + " to " + to + " of the trial log "
          + file + " failed: " + e + "; read it again, and report this if it keeps failing", e);
    }
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
