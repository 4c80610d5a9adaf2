package io.github.trialbook.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A real file channel that behaves like a full disk after {@code budget} bytes (the write that
 * crosses the budget writes what fits, then fails with "No space left on device"), and like a slow
 * one when given a delay per write.
 */
final class FailingChannel extends FileChannel {
  private final FileChannel real;
  private final long writeDelayMillis;
  private long budget;

  FailingChannel(FileChannel real, long budget) {
    this(real, budget, 0);
  }

  FailingChannel(FileChannel real, long budget, long writeDelayMillis) {
    this.real = real;
    this.budget = budget;
    this.writeDelayMillis = writeDelayMillis;
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    if (writeDelayMillis > 0) {
      try {
        Thread.sleep(writeDelayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    if (budget <= 0) {
      throw new IOException("No space left on device");
    }
    if (src.remaining() > budget) {
      ByteBuffer part = src.duplicate();
      part.limit(part.position() + (int) budget);
      int n = real.write(part);
      src.position(src.position() + n);
      budget = 0;
      return n;
    }
    int n = real.write(src);
    budget -= n;
    return n;
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new IOException("No space left on device");
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    return this;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    real.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target)
      throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count)
      throws IOException {
    throw new IOException("No space left on device");
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new IOException("No space left on device");
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return real.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
