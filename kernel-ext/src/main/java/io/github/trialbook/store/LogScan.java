package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a resume reads of the trial log: for every line only its key, seq, status and byte offset,
 * straight into a {@link TrialStore} on the log; outputs are not decoded (the store reads a record
 * when asked). Lines in the form {@link RecordCodec} writes are read by hand from their first four
 * fields; any other line (escapes in a name, fields in another order, a corrupt one) is parsed
 * whole, and a corrupt line is a {@link CheckpointException} naming the file and line. A large log
 * is read in ranges on up to 4 threads; the latest record of a key is the one with the highest
 * seq, whatever range it is in. Lines of keys the spec lacks are counted and left out.
 *
 * <pre>{@code
 * LogScan scan = LogScan.read(runDir.resolve("trials.jsonl"), configs, inputIds, stageNames);
 * TrialStore previous = scan.store();       // status and offset per trial
 * long next = scan.nextSeq();
 * }</pre>
 */
final class LogScan {
  private static final long PARALLEL_BYTES = 8L << 20;
  private static final int BUFFER = 1 << 20;
  private static final byte[] SEQ = ascii("{\"seq\":");
  private static final byte[] CONFIG = ascii(",\"config\":\"");
  private static final byte[] INPUT = ascii(",\"input\":\"");
  private static final byte[] STATUS = ascii(",\"status\":\"");
  private static final String COST = "\"costUsd\"";
  private static final String TOKENS = "\"totalTokens\"";
  private static final java.lang.invoke.VarHandle LONGS = java.lang.invoke.MethodHandles
      .byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final TrialStatus[] STATUSES = TrialStatus.values();
  private static final byte[][] LABELS = new byte[STATUSES.length][];

  static {
    for (TrialStatus s : STATUSES) {
      LABELS[s.ordinal()] = ascii(s.label());
    }
  }

  /** The status whose label is {@code buf[s, e)}, or null (the line is then parsed whole). */
  private static TrialStatus statusOf(byte[] buf, int s, int e) {
    for (int i = 0; i < LABELS.length; i++) {
      if (LABELS[i].length == e - s && startsWith(buf, s, e, LABELS[i])) {
        return STATUSES[i];
      }
    }
    return null;
  }

  private final TrialStore store;
  private final long records;
  private final long nextSeq;
  private final long validLength;
  private final long tornBytes;
  private final long foreign;
  private long indexed;

  private LogScan(TrialStore store, long records, long nextSeq, long validLength, long tornBytes,
      long foreign) {
    this.store = store;
    this.records = records;
    this.nextSeq = nextSeq;
    this.validLength = validLength;
    this.tornBytes = tornBytes;
    this.foreign = foreign;
  }

  /** Reads {@code file} (missing = empty) into a store of {@code configs} × {@code inputIds}. */
  static LogScan read(Path file, List<String> configs, List<String> inputIds,
      List<String> stageNames) {
    TrialStore store = TrialStore.onLog(file, configs, inputIds, stageNames);
    long size = sizeOf(file);
    LogIndex.Covered covered = LogIndex.load(file, store)
        .orElse(new LogIndex.Covered(0, 0, 0));
    int parts = Math.min(4, Runtime.getRuntime().availableProcessors());
    long[] points = LogReader.splitPoints(file,
        size - covered.length() >= PARALLEL_BYTES ? parts : 1);
    points = from(points, covered.length()); // the lines the index does not cover
    if (points.length < 2) {
      long valid = points.length == 1 ? points[0] : 0;
      LogScan all = new LogScan(store, covered.records(), covered.nextSeq(), valid, size - valid,
          0);
      all.indexed = covered.length();
      return all;
    }
    Keys keys = new Keys(configs, inputIds);
    Merge merge = new Merge(store);
    List<Lines> ranges = points.length == 2
        ? List.of(scan(file, points[0], points[1], keys, merge))
        : TrialLog.perRange(file, points, (from, to) -> scan(file, from, to, keys, merge));
    long maxSeq = covered.nextSeq() - 1;
    long count = covered.records();
    long foreign = 0;
    for (Lines range : ranges) {
      count += range.size + range.foreign;
      foreign += range.foreign;
      maxSeq = Math.max(maxSeq, range.maxSeq);
    }
    long valid = points[points.length - 1];
    LogScan scan = new LogScan(store, count, maxSeq + 1, valid, size - valid, foreign);
    scan.indexed = covered.length();
    return scan;
  }

  /** {@code points} from {@code start} on, starting with it (the last point is the end). */
  private static long[] from(long[] points, long start) {
    if (start == 0 || points.length < 2) {
      return points;
    }
    long end = points[points.length - 1];
    if (start >= end) {
      return new long[] {end};
    }
    long[] out = new long[points.length + 1];
    int n = 0;
    out[n++] = start;
    for (long p : points) {
      if (p > start) {
        out[n++] = p;
      }
    }
    return Arrays.copyOf(out, n);
  }

  TrialStore store() {
    return store;
  }

  /** The bytes of the log that the index ({@link LogIndex}) covered; 0 without one. */
  long indexed() {
    return indexed;
  }

  /** Lines read, of every key. */
  long records() {
    return records;
  }

  /** One past the highest seq read (0 for an empty log). */
  long nextSeq() {
    return nextSeq;
  }

  /** Where the whole lines end: appending resumes here. */
  long validLength() {
    return validLength;
  }

  /** Lines of keys the spec does not have (kept in the log, not in the store). */
  long foreign() {
    return foreign;
  }

  /** A note on the incomplete last line a crash left, if there was one. */
  java.util.Optional<String> tornTail(Path file) {
    if (tornBytes == 0) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(file + ": ignored an incomplete last line (" + tornBytes
        + " bytes after record " + records + ", left by a crash mid-write); that trial runs "
        + "again");
  }

  /** Config and input names → trial numbers. */
  private static final class Keys {
    final Map<String, Integer> configs = new HashMap<>();
    /** The config names' UTF-8 bytes, matched against a line's without making a string. */
    final byte[][] configBytes;
    final InputIndex inputs;
    final int configCount;

    Keys(List<String> configNames, List<String> inputIds) {
      configBytes = new byte[configNames.size()][];
      for (int c = 0; c < configNames.size(); c++) {
        configs.putIfAbsent(configNames.get(c), c);
        configBytes[c] = configNames.get(c).getBytes(StandardCharsets.UTF_8);
      }
      this.inputs = new InputIndex(inputIds);
      this.configCount = configNames.size();
    }

    /** The index of the config named by {@code buf[s, e)} (no escapes), or -1. */
    int configOf(byte[] buf, int s, int e) {
      if (configBytes.length > 16) { // a sweep: hashing beats comparing with every name
        return configOf(new String(buf, s, e - s, StandardCharsets.UTF_8));
      }
      for (int c = 0; c < configBytes.length; c++) {
        if (configBytes[c].length == e - s && startsWith(buf, s, e, configBytes[c])) {
          return c;
        }
      }
      return -1;
    }

    int configOf(String name) {
      Integer c = configs.get(name);
      return c == null ? -1 : c;
    }

    /** The trial of config {@code c} and input {@code input}, or -1. */
    int trialOf(int c, String input) {
      if (c < 0) {
        return -1;
      }
      int i = inputs.indexOf(input);
      return i < 0 ? -1 : i * configCount + c;
    }
  }

  /** What one range read besides the store's entries: lines of the spec, others, highest seq. */
  private static final class Lines {
    long size;
    long foreign;
    long maxSeq = -1;
  }

  /**
   * Puts each line into the store as the ranges read it, so no range keeps a list of its lines:
   * the line with the higher seq of a trial is its latest, the other is superseded. A trial seen
   * by two ranges (a rerun) is guarded by one of a few locks, taken uncontended otherwise.
   */
  private static final class Merge {
    private final TrialStore store;
    private final long[] seqOf;
    private final Object[] locks = new Object[64];

    Merge(TrialStore store) {
      this.store = store;
      this.seqOf = new long[store.trials()];
      for (int i = 0; i < locks.length; i++) {
        locks[i] = new Object();
      }
    }

    void offer(int t, long seq, long offset, TrialStatus status, boolean usage) {
      synchronized (locks[t & (locks.length - 1)]) {
        if (!store.has(t) || seq > seqOf[t]) {
          if (store.has(t)) {
            store.supersede(t, store.offsetOf(t));
          }
          store.loaded(t, status, offset, usage);
          seqOf[t] = seq;
        } else {
          store.supersede(t, offset);
        }
      }
    }
  }

  /** Scans bytes {@code [from, to)}, which start and end on line boundaries. */
  private static Lines scan(Path file, long from, long to, Keys keys, Merge merge) {
    Lines out = new Lines();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      byte[] buf = new byte[BUFFER];
      long bufStart = from;
      int filled = 0;
      long lineNo = 0;
      while (bufStart + filled < to || filled > 0) {
        int want = (int) Math.min(buf.length - filled, to - bufStart - filled);
        if (want > 0) {
          ByteBuffer bb = ByteBuffer.wrap(buf, filled, want);
          while (bb.hasRemaining()) {
            if (ch.read(bb, bufStart + bb.position()) < 0) {
              break;
            }
          }
          filled = bb.position();
        }
        int start = 0;
        for (int nl = newline(buf, start, filled); nl >= 0; nl = newline(buf, start, filled)) {
          lineNo++;
          line(file, ch, buf, start, nl, bufStart + start, from, lineNo, keys, out, merge);
          start = nl + 1;
        }
        if (start == 0 && filled == buf.length) {
          buf = Arrays.copyOf(buf, buf.length * 2); // a line longer than the buffer
          continue;
        }
        System.arraycopy(buf, start, buf, 0, filled - start);
        bufStart += start;
        filled -= start;
        if (filled > 0 && bufStart + filled >= to) {
          throw new IOException("the range does not end on a line boundary");
        }
      }
    } catch (NoSuchFileException e) {
      return out;
    } catch (IOException e) {
      throw new CheckpointException("cannot read the trial log " + file + ": " + e, e);
    }
    return out;
  }

  /** The first newline in {@code buf[from, to)}, eight bytes a step; -1 if none. */
  private static int newline(byte[] buf, int from, int to) {
    int i = from;
    for (; i + 8 <= to; i += 8) {
      long w = (long) LONGS.get(buf, i) ^ 0x0A0A0A0A0A0A0A0AL; // a newline byte becomes 0
      long zero = (w - 0x0101010101010101L) & ~w & 0x8080808080808080L;
      if (zero != 0) {
        return i + (Long.numberOfTrailingZeros(zero) >>> 3); // the lowest is exact
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** One line {@code buf[s, e)} at file offset {@code at}. */
  private static void line(Path file, FileChannel ch, byte[] buf, int s, int e, long at,
      long rangeStart, long lineInRange, Keys keys, Lines out, Merge merge) throws IOException {
    int p = s;
    long seq = -1;
    int config = -1;
    String input = null;
    TrialStatus status = null;
    if (startsWith(buf, p, e, SEQ)) {
      p += SEQ.length;
      long v = 0;
      int digits = 0;
      while (p < e && buf[p] >= '0' && buf[p] <= '9' && digits < 18) {
        v = v * 10 + (buf[p++] - '0');
        digits++;
      }
      if (digits > 0 && startsWith(buf, p, e, CONFIG)) {
        int cs = p + CONFIG.length;
        int ce = plainStringEnd(buf, cs, e);
        if (ce > 0 && startsWith(buf, ce + 1, e, INPUT)) {
          int is = ce + 1 + INPUT.length;
          int ie = plainStringEnd(buf, is, e);
          if (ie > 0 && startsWith(buf, ie + 1, e, STATUS)) {
            int ss = ie + 1 + STATUS.length;
            int se = plainStringEnd(buf, ss, e);
            if (se > 0 && buf[e - 1] == '}') {
              seq = v;
              config = keys.configOf(buf, cs, ce);
              input = new String(buf, is, ie - is, StandardCharsets.UTF_8);
              status = statusOf(buf, ss, se);
            }
          }
        }
      }
    }
    if (status == null) { // not in the codec's own form: parse it whole (and so check it)
      TrialRecord r;
      try (JsonParser jp = RecordCodec.JSON.createParser(buf, s, e - s)) {
        if (jp.nextToken() != JsonToken.START_OBJECT) {
          throw new IOException("a line must be one JSON object");
        }
        r = new RecordDecoder(false).read(jp);
        if (jp.nextToken() != null) {
          throw new IOException("text after the record's closing brace");
        }
      } catch (IOException | RuntimeException ex) {
        throw corrupt(file, ch, rangeStart, lineInRange, ex);
      }
      seq = r.seq();
      config = keys.configOf(r.config());
      input = r.inputId();
      status = r.status();
    }
    out.maxSeq = Math.max(out.maxSeq, seq);
    int t = keys.trialOf(config, input);
    if (t < 0) {
      out.foreign++;
      return;
    }
    out.size++;
    merge.offer(t, seq, at, status, reportsUsage(buf, s, e));
  }

  private static CheckpointException corrupt(Path file, FileChannel ch, long rangeStart,
      long lineInRange, Exception e) {
    try {
      return LogReader.corrupt(file, ch, LogReader.linesBefore(ch, rangeStart) + lineInRange, e);
    } catch (IOException unreadable) {
      return LogReader.corrupt(file, ch, lineInRange, e);
    }
  }

  /** The index of the closing quote of a string without escapes starting at {@code from}. */
  private static int plainStringEnd(byte[] buf, int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buf[i];
      if (b == '"') {
        return i;
      }
      if (b == '\\') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] buf, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buf[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the line names a usage field ({@code "costUsd"} or {@code "totalTokens"}). Every byte
   * of every line is searched, so through {@link String#indexOf(String)}, which the JIT turns
   * into a vectorised search: four times faster than a byte loop here.
   */
  static boolean reportsUsage(byte[] buf, int s, int e) {
    @SuppressWarnings("deprecation") // the Latin-1 copy of bytes, without a charset decoder
    String line = new String(buf, 0, s, e - s);
    return line.contains(COST) || line.contains(TOKENS);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }
}
