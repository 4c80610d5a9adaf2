package io.github.trialbook.store;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.github.trialbook.batch.TrialRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads the trial log with one streaming parser over the whole file (a parser per line costs
 * more than the line), checking that every record sits alone on its own line. The bytes after
 * the last newline are the torn tail a crash leaves: they are not parsed, only measured.
 */
final class LogReader {
  private static final int TAIL_PROBE = 64 * 1024;

  interface RecordHandler {
    void record(TrialRecord record, long byteOffset);
  }

  /** Reads one record from the parser (on its START_OBJECT; leaves it on the END_OBJECT). */
  interface ObjectReader {
    void read(JsonParser p, long byteOffset) throws IOException;
  }

  /** Records read, where the complete lines end, and the torn tail's size (0 if none). */
  record Result(long records, long validLength, long tornBytes) {}

  private LogReader() {}

  static Result read(Path file, RecordDecoder decoder, RecordHandler handler) {
    return read(file, (p, offset) -> handler.record(decoder.read(p), offset));
  }

  static Result read(Path file, ObjectReader reader) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      long valid = endOfLastLine(ch, size);
      long records = readRange(file, ch, 0, valid, reader);
      return new Result(records, valid, size - valid);
    } catch (NoSuchFileException e) {
      return new Result(0, 0, 0);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * Splits the whole lines of {@code file} into up to {@code parts} ranges that start and end on
   * line boundaries, for readers that parse ranges on several threads. Empty for a missing file.
   */
  static long[] splitPoints(Path file, int parts) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long valid = endOfLastLine(ch, ch.size());
      long[] points = new long[parts + 1];
      int n = 1;
      ByteBuffer buf = ByteBuffer.allocate(TAIL_PROBE);
      for (int i = 1; i < parts; i++) {
        long at = nextLineStart(ch, Math.max(points[n - 1], valid * i / parts), valid, buf);
        if (at < valid && at > points[n - 1]) {
          points[n++] = at;
        }
      }
      points[n++] = valid;
      return java.util.Arrays.copyOf(points, n);
    } catch (NoSuchFileException e) {
      return new long[] {0};
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  /**
   * The offset just after the first {@code '\n'} at or after {@code from}, or {@code valid} if
   * none; read in blocks, since a line may be megabytes long.
   */
  private static long nextLineStart(FileChannel ch, long from, long valid, ByteBuffer buf)
      throws IOException {
    long at = from;
    while (at < valid) {
      buf.clear().limit((int) Math.min(buf.capacity(), valid - at));
      int n = ch.read(buf, at);
      if (n <= 0) {
        return valid;
      }
      for (int k = 0; k < n; k++) {
        if (buf.get(k) == '\n') {
          return at + k + 1;
        }
      }
      at += n;
    }
    return valid;
  }

  /**
   * Reads the records in bytes {@code [from, to)} of {@code file}, which must start and end on
   * line boundaries; returns how many. A corrupt line is reported by its line number in the whole
   * file, as {@link #read} reports it.
   */
  static long read(Path file, long from, long to, ObjectReader reader) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      return readRange(file, ch, from, to, reader);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static long readRange(Path file, FileChannel ch, long from, long to,
      ObjectReader reader) throws IOException {
    long records = 0;
    InputStream in = new BoundedInput(Channels.newInputStream(ch.position(from)), to - from);
    long lastLine = 0;
    long line = 0; // the line of the record being read; 0 between records
    try (JsonParser p = RecordCodec.JSON.createParser(in)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        JsonLocation start = p.currentTokenLocation();
        line = start.getLineNr();
        if (t != JsonToken.START_OBJECT) {
          throw new IOException("a line must be one JSON object, found " + t);
        }
        if (line == lastLine) {
          throw new IOException("a second record on the same line");
        }
        reader.read(p, from + start.getByteOffset());
        if (p.currentTokenLocation().getLineNr() != line) {
          throw new IOException("a record spans more than one line");
        }
        lastLine = line;
        line = 0;
        records++;
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CheckpointException ce) {
        throw ce;
      }
      if (line == 0 && e instanceof JsonProcessingException j && j.getLocation() != null) {
        line = j.getLocation().getLineNr(); // bad text between records
      }
      throw corrupt(file, ch, linesBefore(ch, from) + Math.max(line, 1), e);
    }
    return records;
  }

  /** The number of lines that end before byte {@code at}: counted only to report an error. */
  static long linesBefore(FileChannel ch, long at) throws IOException {
    long lines = 0;
    ByteBuffer buf = ByteBuffer.allocate(TAIL_PROBE);
    for (long pos = 0; pos < at; ) {
      buf.clear().limit((int) Math.min(buf.capacity(), at - pos));
      int n = ch.read(buf, pos);
      if (n <= 0) {
        break;
      }
      for (int k = 0; k < n; k++) {
        lines += buf.get(k) == '\n' ? 1 : 0;
      }
      pos += n;
    }
    return lines;
  }

  private static CheckpointException unreadable(Path file, IOException e) {
    return new CheckpointException("cannot read the trial log " + file + ": " + e
        + "; check that the file is readable", e);
  }

  /** The offset just after the last {@code '\n'}: everything before it is whole lines. */
  private static long endOfLastLine(FileChannel ch, long size) throws IOException {
    long end = size;
    ByteBuffer buf = ByteBuffer.allocate(TAIL_PROBE);
    while (end > 0) {
      long from = Math.max(0, end - TAIL_PROBE);
      buf.clear().limit((int) (end - from));
      while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
        // fill
      }
      for (int i = buf.position() - 1; i >= 0; i--) {
        if (buf.get(i) == '\n') {
          return from + i + 1;
        }
      }
      end = from;
    }
    return 0;
  }

  static CheckpointException corrupt(Path file, FileChannel ch, long line, Exception e) {
    String reason = e.getMessage() == null ? e.toString()
        : e.getMessage().lines().findFirst().orElse("");
    return new CheckpointException(file + " line " + line + " is corrupt (" + reason + "): "
        + lineText(ch, line) + "; only the last line may be incomplete (a crash mid-write), so "
        + "this file was changed by something else. Fix: restore that line from a backup, or "
        + "delete it so the trial runs again", e);
  }

  /** The start of line {@code number} (1-based), for the error message. */
  private static String lineText(FileChannel ch, long number) {
    try {
      InputStream in = Channels.newInputStream(ch.position(0));
      byte[] buf = new byte[1 << 16];
      long line = 1;
      StringBuilder text = new StringBuilder();
      for (int n = in.read(buf); n > 0; n = in.read(buf)) {
        for (int i = 0; i < n; i++) {
          if (buf[i] == '\n') {
            if (line == number) {
              return abbreviate(text);
            }
            line++;
          } else if (line == number && text.length() <= 120) {
            text.append((char) (buf[i] & 0xFF));
          }
        }
      }
      return abbreviate(text);
    } catch (IOException e) {
      return "(unreadable)";
    }
  }

  private static String abbreviate(StringBuilder latin1) {
    byte[] bytes = new byte[Math.min(latin1.length(), 120)];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) latin1.charAt(i);
    }
    return new String(bytes, StandardCharsets.UTF_8) + (latin1.length() > 120 ? "..." : "");
  }

  /** Stops at the end of the last whole line, so the torn tail is never parsed. */
  private static final class BoundedInput extends InputStream {
    private final InputStream in;
    private long left;

    BoundedInput(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        left--;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }
}
