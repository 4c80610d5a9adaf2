package io.github.trialbook.store;

import io.github.trialbook.batch.TrialRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Decodes single lines of the trial log by byte offset, through a window of the file: records
 * asked for in about the order they were written (a results table, a list walked in trial order)
 * are read nearly sequentially, a window of lines per read. Thread-safe (one reader at a time).
 */
final class LogLines {
  private static final int WINDOW = 256 * 1024;
  private static final int DECODER_REUSE = 16_384;

  private final Path file;
  /** Shares names among the records it reads; replaced now and then so it stays small. */
  private RecordDecoder decoder = new RecordDecoder();
  private int decoded;
  private FileChannel channel;
  private byte[] window = new byte[WINDOW];
  private long windowStart = -1;
  private int windowLength;

  LogLines(Path file) {
    this.file = file;
  }

  synchronized TrialRecord read(long offset) {
    try {
      int at = lineIn(offset);
      if (at < 0) {
        fill(offset);
        at = lineIn(offset);
        while (at < 0 && windowLength == window.length) {
          window = new byte[window.length * 2]; // a line longer than the window
          fill(offset);
          at = lineIn(offset);
        }
        if (at < 0) {
          throw new IOException("no complete line at byte " + offset + " (the file has "
              + channel.size() + " bytes)");
        }
      }
      int from = (int) (offset - windowStart);
      if (++decoded % DECODER_REUSE == 0) {
        decoder = new RecordDecoder();
      }
      return decoder.decode(window, from, at - from);
    } catch (NoSuchFileException e) {
      throw new CheckpointException("the trial log " + file + " is gone, and this result reads "
          + "its records from it; restore the file, or run the batch again", e);
    } catch (IOException e) {
      throw new CheckpointException("cannot read the record at byte " + offset + " of the trial "
          + "log " + file + ": " + e.getMessage() + "; open the run again "
          + "(Trialbook.open(runDir)) to read it afresh", e);
    }
  }

  /** The window index of the newline ending the line at {@code offset}, or -1 if not inside. */
  private int lineIn(long offset) {
    if (windowStart < 0 || offset < windowStart || offset >= windowStart + windowLength) {
      return -1;
    }
    for (int i = (int) (offset - windowStart); i < windowLength; i++) {
      if (window[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void fill(long offset) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(window);
    FileChannel ch = channel();
    while (buf.hasRemaining()) {
      int n;
      try {
        n = ch.read(buf, offset + buf.position());
      } catch (ClosedChannelException e) {
        channel = null; // closed by an interrupt of the reading thread: open it again
        ch = channel();
        n = ch.read(buf, offset + buf.position());
      }
      if (n < 0) {
        break;
      }
    }
    windowStart = offset;
    windowLength = buf.position();
  }

  private FileChannel channel() throws IOException {
    if (channel == null || !channel.isOpen()) {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    }
    return channel;
  }
}
