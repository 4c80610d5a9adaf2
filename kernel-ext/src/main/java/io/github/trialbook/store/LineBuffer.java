package io.github.trialbook.store;

import java.io.OutputStream;
import java.util.Arrays;

/** An unsynchronized, reusable byte sink for encoding one line per record on a worker thread. */
final class LineBuffer extends OutputStream {
  private static final int KEEP_AT_MOST = 1 << 20;

  private byte[] buf = new byte[1024];
  private int count;

  @Override
  public void write(int b) {
    ensure(1);
    buf[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, count, len);
    count += len;
  }

  private void ensure(int more) {
    if (count + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
    }
  }

  /** The bytes written since the last call; a buffer grown by a huge line is then dropped. */
  byte[] takeBytes() {
    byte[] out = Arrays.copyOf(buf, count);
    count = 0;
    if (buf.length > KEEP_AT_MOST) {
      buf = new byte[1024];
    }
    return out;
  }
}
