package io.github.trialbook.cellhost;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * What cell code writes to {@code System.out} or {@code System.err}: bytes are collected and sent
 * as a {@code stream} output at each line end and each flush, never splitting a UTF-8 character.
 */
final class StreamCapture extends OutputStream {
  private final String name;
  private final Outputs outputs;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  StreamCapture(String name, Outputs outputs) {
    this.name = name;
    this.outputs = outputs;
  }

  @Override
  public synchronized void write(int b) {
    buffer.write(b);
    if (b == '\n') {
      flush();
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    buffer.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        flush();
        return;
      }
    }
  }

  @Override
  public synchronized void flush() {
    byte[] bytes = buffer.toByteArray();
    int end = completeLength(bytes);
    if (end == 0) {
      return;
    }
    buffer.reset();
    buffer.write(bytes, end, bytes.length - end);
    outputs.stream(name, new String(bytes, 0, end, StandardCharsets.UTF_8));
  }

  /** The length of {@code bytes} without a trailing, incomplete UTF-8 sequence. */
  private static int completeLength(byte[] bytes) {
    int n = bytes.length;
    for (int i = n - 1; i >= 0 && i >= n - 4; i--) {
      int b = bytes[i] & 0xFF;
      if (b < 0x80) {
        return n;
      }
      if (b >= 0xC0) {
        int need = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        return n - i >= need ? n : i;
      }
    }
    return n;
  }
}
