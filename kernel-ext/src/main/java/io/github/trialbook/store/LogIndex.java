package io.github.trialbook.store;

import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.internal.AtomicFiles;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * {@code trials.idx}: the resume scan's result saved when a session ends (status, usage flag and
 * line offset per trial, the offsets of superseded lines), so the next open reads 9 bytes a trial
 * instead of every line, and scans only the lines appended after it. The log is append-only, so
 * an index stays true for the bytes it covers: it is used when the log still holds them (at least
 * its length, the same last 64 KB) and the trials are numbered alike (the same config names and
 * input ids in the same order, by digest); anything else reads the log from the start.
 *
 * <pre>{@code
 * LogIndex.write(log, store, log size, next seq, lines);      // when a session ends
 * Optional<LogIndex.Covered> c = LogIndex.load(log, store);  // at the next open
 * }</pre>
 */
final class LogIndex {
  static final String FILE = "trials.idx";
  private static final int MAGIC = 0x54424958; // "TBIX"
  private static final int VERSION = 1;
  private static final int TAIL = 64 * 1024;
  private static final int HEADER = 4 + 4 + 8 + 8 + 8 + 8 + 32 + 4;
  private static final byte USAGE = (byte) 0x80;
  private static final TrialStatus[] STATUSES = TrialStatus.values();

  private LogIndex() {}

  /** What an index covered: the log's first {@code length} bytes, with their seq and lines. */
  record Covered(long length, long nextSeq, long records) {}

  /**
   * Saves {@code store}'s logged state, which describes the first {@code length} bytes of
   * {@code log}; records held in memory only (a cancelled trial) are left out. A failure is
   * logged, not thrown: without an index the next open reads the whole log, as before.
   */
  static void write(Path log, TrialStore store, long length, long nextSeq, long records) {
    try {
      int trials = store.trials();
      Map<Integer, long[]> earlier = store.supersededOffsets();
      long size = HEADER + trials * 9L + 4;
      for (long[] offsets : earlier.values()) {
        size += 8 + offsets.length * 8L;
      }
      if (size > Integer.MAX_VALUE - 16) {
        return; // past what one array holds: the next open scans
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size);
      buf.putInt(MAGIC).putInt(VERSION).putLong(length).putLong(tailCrc(log, length))
          .putLong(nextSeq).putLong(records).put(store.keysDigest()).putInt(trials);
      for (int t = 0; t < trials; t++) {
        byte b = 0;
        if (store.has(t) && store.loggedOffset(t) >= 0) {
          b = (byte) (store.loggedStatus(t).ordinal() + 1);
          if (store.mayReportUsage(t)) {
            b |= USAGE;
          }
        }
        buf.put(b);
      }
      for (int t = 0; t < trials; t++) {
        buf.putLong(store.loggedOffset(t));
      }
      buf.putInt(earlier.size());
      earlier.forEach((t, offsets) -> {
        buf.putInt(t).putInt(offsets.length);
        for (long o : offsets) {
          buf.putLong(o);
        }
      });
      AtomicFiles.write(log.resolveSibling(FILE), buf.array());
    } catch (IOException | RuntimeException e) {
      System.getLogger(LogIndex.class.getName()).log(Level.WARNING, "could not write the index "
          + log.resolveSibling(FILE) + " (the next open reads the whole trial log): " + e);
    }
  }

  /**
   * Fills {@code store} from the index beside {@code log} when it is true for the log and
   * numbers trials as {@code store} does; empty (the store untouched) otherwise.
   */
  static Optional<Covered> load(Path log, TrialStore store) {
    Path file = log.resolveSibling(FILE);
    ByteBuffer buf;
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < HEADER || size > Integer.MAX_VALUE - 16) {
        return Optional.empty();
      }
      buf = ByteBuffer.allocate((int) size);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read it all
      }
      buf.flip();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    try {
      if (buf.getInt() != MAGIC || buf.getInt() != VERSION) {
        return Optional.empty();
      }
      long length = buf.getLong();
      long crc = buf.getLong();
      long nextSeq = buf.getLong();
      long records = buf.getLong();
      byte[] digest = new byte[32];
      buf.get(digest);
      int trials = buf.getInt();
      if (trials != store.trials() || !MessageDigest.isEqual(digest, store.keysDigest())
          || Files.size(log) < length || tailCrc(log, length) != crc) {
        return Optional.empty();
      }
      byte[] status = new byte[trials];
      buf.get(status);
      long[] offsets = new long[trials];
      buf.asLongBuffer().get(offsets);
      buf.position(buf.position() + trials * 8);
      for (int t = 0; t < trials; t++) {
        int s = status[t] & 0x7F;
        if (s != 0) {
          store.loaded(t, STATUSES[s - 1], offsets[t], (status[t] & USAGE) != 0);
        }
      }
      int superseded = buf.getInt();
      for (int i = 0; i < superseded; i++) {
        int t = buf.getInt();
        int n = buf.getInt();
        for (int k = 0; k < n; k++) {
          store.supersede(t, buf.getLong());
        }
      }
      return Optional.of(new Covered(length, nextSeq, records));
    } catch (IOException | RuntimeException e) {
      store.clear(); // a damaged index: read the log instead
      return Optional.empty();
    }
  }

  /** CRC-32 of the last 64 KB of {@code log}'s first {@code length} bytes. */
  private static long tailCrc(Path log, long length) throws IOException {
    CRC32 crc = new CRC32();
    try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
      long from = Math.max(0, length - TAIL);
      ByteBuffer buf = ByteBuffer.allocate((int) (length - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
        // read it all
      }
      buf.flip();
      crc.update(buf);
    }
    return crc.getValue() ^ length;
  }

  /**
   * A 256-bit digest of the config names and the input ids, in order: how trials are numbered.
   * Four 64-bit polynomial hashes over every character (not a cryptographic hash: it guards
   * against a reordered or changed list, not against an adversary), a tenth of SHA-256's time on
   * a million ids.
   */
  static byte[] keysDigest(List<String> configs, List<String> inputIds) {
    long[] h = {1, 2, 3, 4};
    for (String c : configs) {
      mix(h, c);
    }
    mix(h, "\u0000configs end");
    for (String id : inputIds) {
      mix(h, id);
    }
    ByteBuffer out = ByteBuffer.allocate(32);
    for (long x : h) {
      out.putLong(x ^ inputIds.size());
    }
    return out.array();
  }

  private static final long[] PRIMES = {0x9E3779B97F4A7C15L, 0xC2B2AE3D27D4EB4FL,
      0x165667B19E3779F9L, 0xD6E8FEB86659FD93L};

  private static void mix(long[] h, String s) {
    long a = h[0];
    long b = h[1];
    long c = h[2];
    long d = h[3];
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      a = a * PRIMES[0] + ch;
      b = b * PRIMES[1] + ch;
      c = (c ^ ch) * PRIMES[2];
      d = (d + ch) * PRIMES[3];
    }
    // the end of each string, so ["ab", "c"] and ["a", "bc"] differ
    h[0] = a * PRIMES[0] + 0x10001;
    h[1] = b * PRIMES[1] + 0x10001;
    h[2] = (c ^ 0x10001) * PRIMES[2];
    h[3] = (d + 0x10001) * PRIMES[3];
  }
}
