package io.github.trialbook.store;

import io.github.trialbook.internal.DaemonThreads;
import io.github.trialbook.internal.Uninterruptibly;
import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.batch.TrialRecord;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The checkpoint {@link io.github.trialbook.store.TrialSink}: appends one JSON line per record to
 * {@code trials.jsonl} from a single writer thread, with group commit — the file is forced to disk
 * after {@code maxRecords} records or {@code maxDelay}, whichever comes first, on {@link #flush},
 * on {@link #close} and from a JVM shutdown hook.
 *
 * <p>Forcing is pipelined: a second thread runs {@code fsync} while the writer goes on writing the
 * next group, so a slow disk costs durability lag, not throughput. Requests that pile up during
 * one {@code fsync} are served by the next. The records at risk from a power loss are therefore
 * one group plus what arrived during the last {@code fsync}; a killed process loses nothing that
 * reached the writer, since written pages outlive the process.
 *
 * <p>Worker threads call {@link #append}, which encodes on the caller (see {@link RecordCodec})
 * and only enqueues; it blocks only while the writer is {@value #QUEUE_CAPACITY} records behind
 * (a disk slower than the trials). A write failure (disk full, I/O error) stops the writer: later
 * appends are dropped, and {@link #failure()}, {@link #flush()} and {@link #close()} report it.
 * What is on disk is then whole lines plus at most one incomplete last line, which
 * {@link TrialLog} ignores and {@link RunDirectory} cuts off.
 *
 * <pre>{@code
 * try (JsonlTrialSink sink = run.openSink(spec.checkpoint())) {
 *   sink.append(record);       // from any worker thread
 * }                            // flushes, forces, closes
 * }</pre>
 */
final class JsonlTrialSink implements TrialSink {
  static final int QUEUE_CAPACITY = 16_384;
  private static final int WRITE_BUFFER = 1 << 20;
  private static final long SHUTDOWN_FLUSH_SECONDS = 10;
  private static final Object STOP = new Object();

  private final Path file;
  private final FileChannel channel;
  private final RecordCodec codec;
  private final int maxRecords;
  private final long maxDelayNanos;
  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
  private final Thread writer;
  private final Forcer forcer = new Forcer();
  private final Thread shutdownHook;
  private final AtomicLong forcedRecords = new AtomicLong();
  private volatile Throwable failure;
  private volatile boolean closed;
  private long wholeLinesEnd; // writer thread only
  /** Told where each line went once it is written; null: nobody asks. */
  private final TrialStore offsets;
  /** Trials and offsets of the lines in the write buffer, told once the buffer is written. */
  private int[] bufferedTrials = new int[256]; // writer thread only
  private long[] bufferedOffsets = new long[256];
  private boolean[] bufferedUsage = new boolean[256];
  private int buffered;

  private long linesWritten; // writer thread only; read after close
  private long maxSeq = -1;

  /** A record's line, its trial number (-1: not known), seq and whether it names a usage. */
  private record Line(int trial, byte[] bytes, long seq, boolean usage) {}

  JsonlTrialSink(Path file, FileChannel channel, RecordCodec codec, CheckpointPolicy policy,
      TrialStore offsets) {
    this.file = file;
    this.offsets = offsets;
    this.channel = channel;
    this.codec = codec;
    this.maxRecords = policy.maxRecords();
    this.maxDelayNanos = policy.maxDelay().toNanos();
    try {
      this.wholeLinesEnd = channel.position();
    } catch (IOException e) {
      throw new CheckpointException("cannot use the checkpoint log " + file + ": " + e, e);
    }
    // a daemon: a forgotten close must not keep the JVM alive; the shutdown hook flushes
    this.writer = DaemonThreads.daemon(this::writeLoop, "trialbook-checkpoint-writer");
    forcer.thread.start();
    writer.start();
    this.shutdownHook = new Thread(this::flushAtShutdown, "trialbook-checkpoint-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Opens {@code file} for appending at {@code validLength}, cutting off anything after it (the
   * torn tail of a crash).
   */
  static JsonlTrialSink open(Path file, long validLength, RecordCodec codec,
      CheckpointPolicy policy, TrialStore offsets) throws IOException {
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      if (ch.size() > validLength) {
        ch.truncate(validLength);
        ch.force(true);
      }
      ch.position(validLength);
      return new JsonlTrialSink(file, ch, codec, policy, offsets);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  /**
   * Encodes {@code record} on the calling thread and queues it.
   *
   * @throws UnserializableOutputException if an output cannot be written (see
   *     {@link UnserializableOutputException#failedTrial}); nothing was queued
   */
  @Override
  public void append(TrialRecord record) {
    append(-1, record);
  }

  /**
   * As {@link #append(TrialRecord)}; once the line is written, the store given at open learns
   * where it is ({@link TrialStore#logged}).
   */
  @Override
  public void append(int trial, TrialRecord record) {
    byte[] line = codec.encode(record);
    if (closed) {
      throw new CheckpointException("the checkpoint sink of " + file + " is closed; records "
          + "appended after close are lost, so close it only after the last trial");
    }
    if (failure != null) {
      return; // reported by failure(), flush() and close()
    }
    enqueue(new Line(trial, line, record.seq(),
        offsets != null && LogScan.reportsUsage(line, 0, line.length)));
  }

  /** Writes and forces everything appended before this call; throws if the writer failed. */
  @Override
  public void flush() {
    if (closed) {
      throwIfFailed();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    enqueue(done);
    await(done, Long.MAX_VALUE);
    throwIfFailed();
  }

  /** Flushes, stops the writer and closes the file. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      throwIfFailed();
      return;
    }
    try {
      CompletableFuture<Void> done = new CompletableFuture<>();
      enqueue(done);
      enqueue(STOP);
      await(done, Long.MAX_VALUE);
      joinWriter();
    } finally {
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or will: nothing to remove
      }
      try {
        channel.close();
      } catch (IOException e) {
        fail(e);
      }
    }
    throwIfFailed();
  }

  @Override
  public Throwable failure() {
    return failure;
  }

  /** Lines this sink took for writing (after {@link #close}: all it wrote, if it never failed). */
  long linesWritten() {
    return linesWritten;
  }

  /** Where the whole lines end, once closed; -1 while open (lines may still be on their way). */
  long endOfLines() {
    return closed ? wholeLinesEnd : -1;
  }

  /** The highest seq among them, or -1. */
  long maxSeq() {
    return maxSeq;
  }

  /** Records forced to disk so far (by this sink). */
  public long forcedRecords() {
    return forcedRecords.get();
  }

  public Path file() {
    return file;
  }

  /** Queues a line or a control item; not interruptible: a cancel must not lose a finished trial. */
  private void enqueue(Object control) {
    // a cancel interrupts the caller; the record or flush must still go in
    Uninterruptibly.await(() -> queue.put(control));
  }

  private void await(CompletableFuture<Void> done, long seconds) {
    Uninterruptibly.await(() -> {
      try {
        if (seconds == Long.MAX_VALUE) {
          done.get();
        } else {
          done.get(seconds, TimeUnit.SECONDS);
        }
      } catch (ExecutionException | TimeoutException e) {
        // a failure is in this.failure; a timeout (at shutdown) gives up
      }
    });
  }

  private void joinWriter() {
    Uninterruptibly.join(writer);
  }

  private void throwIfFailed() {
    Throwable f = failure;
    if (f != null) {
      throw new CheckpointException("writing the checkpoint log " + file + " failed: " + f
          + "; trials finished after the last successful flush were not saved and run again on "
          + "resume. Fix the cause (free disk space, check the device), then run the same spec "
          + "again to resume", f);
    }
  }

  private void flushAtShutdown() {
    if (!closed && writer.isAlive()) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      try {
        // a full queue drains at disk speed; the wait is bounded so exit is never held for long
        if (queue.offer(done, SHUTDOWN_FLUSH_SECONDS, TimeUnit.SECONDS)) {
          await(done, SHUTDOWN_FLUSH_SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
  }

  // --- writer thread -------------------------------------------------------------------------

  private void writeLoop() {
    ByteBuffer buffer = ByteBuffer.allocateDirect(WRITE_BUFFER);
    List<Object> batch = new ArrayList<>();
    long unforced = 0;
    long firstUnforcedAt = 0;
    boolean running = true;
    while (running) {
      try {
        Object first;
        if (unforced == 0) {
          first = queue.take();
        } else {
          long wait = firstUnforcedAt + maxDelayNanos - System.nanoTime();
          first = wait <= 0 ? null : queue.poll(wait, TimeUnit.NANOSECONDS);
        }
        if (first == null) {
          unforced = force(buffer, unforced);
          continue;
        }
        batch.add(first);
        // group commit: take at most what fills the current force group
        queue.drainTo(batch, (int) Math.max(0, maxRecords - unforced - 1));
        for (Object item : batch) {
          if (item instanceof Line line) {
            if (failure != null) {
              continue;
            }
            if (unforced == 0) {
              firstUnforcedAt = System.nanoTime();
            }
            put(buffer, line);
            unforced++;
          } else if (item == STOP) {
            running = false;
          } else {
            @SuppressWarnings("unchecked")
            CompletableFuture<Void> flushed = (CompletableFuture<Void>) item;
            drain(buffer);
            forcer.request(unforced, flushed);
            unforced = 0;
          }
        }
        batch.clear();
        if (unforced >= maxRecords || (unforced > 0
            && System.nanoTime() - firstUnforcedAt >= maxDelayNanos)) {
          unforced = force(buffer, unforced);
        } else {
          drain(buffer);
        }
      } catch (InterruptedException e) {
        // only close() stops the writer; an interrupt from elsewhere is ignored
      } catch (Throwable e) { // an Error too: a dead writer must not leave flush() waiting
        fail(e);
        cutPartialLine();
        unforced = 0;
        buffer.clear();
        buffered = 0; // their records stay held in the store, in memory
        for (Object item : batch) {
          if (item instanceof CompletableFuture<?> f) {
            f.complete(null);
          } else if (item == STOP) {
            running = false;
          }
        }
        batch.clear();
      }
    }
    try {
      force(buffer, unforced);
    } catch (IOException | RuntimeException e) {
      fail(e);
    }
    forcer.finish();
  }

  private void put(ByteBuffer buffer, Line line) throws IOException {
    byte[] bytes = line.bytes();
    linesWritten++;
    maxSeq = Math.max(maxSeq, line.seq());
    if (bytes.length > buffer.remaining()) {
      drain(buffer);
      if (bytes.length > buffer.capacity()) {
        long at = wholeLinesEnd;
        writeFully(ByteBuffer.wrap(bytes));
        if (offsets != null && line.trial() >= 0) {
          offsets.logged(line.trial(), at, line.usage());
        }
        return;
      }
    }
    if (offsets != null && line.trial() >= 0) {
      if (buffered == bufferedTrials.length) {
        bufferedTrials = java.util.Arrays.copyOf(bufferedTrials, buffered * 2);
        bufferedOffsets = java.util.Arrays.copyOf(bufferedOffsets, buffered * 2);
        bufferedUsage = java.util.Arrays.copyOf(bufferedUsage, buffered * 2);
      }
      bufferedUsage[buffered] = line.usage();
      bufferedTrials[buffered] = line.trial();
      bufferedOffsets[buffered++] = wholeLinesEnd + buffer.position();
    }
    buffer.put(bytes);
  }

  private void drain(ByteBuffer buffer) throws IOException {
    if (failure != null) {
      buffer.clear();
      buffered = 0;
      return;
    }
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
    for (int i = 0; i < buffered; i++) {
      offsets.logged(bufferedTrials[i], bufferedOffsets[i], bufferedUsage[i]);
    }
    buffered = 0;
  }

  private void writeFully(ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    wholeLinesEnd = channel.position();
  }

  /** After a failed write, best effort: leave only whole lines (resume accepts a torn one too). */
  private void cutPartialLine() {
    try {
      if (channel.isOpen() && channel.size() > wholeLinesEnd) {
        channel.truncate(wholeLinesEnd);
      }
    } catch (IOException | RuntimeException ignored) {
      // the torn tail stays; TrialLog ignores it and RunDirectory cuts it on the next open
    }
  }

  private long force(ByteBuffer buffer, long unforced) throws IOException {
    drain(buffer);
    if (unforced > 0) {
      forcer.request(unforced, null);
    }
    return 0;
  }

  /**
   * Runs {@code fsync} on its own thread. The writer files requests (with the records they cover
   * and, for a flush, a future to complete); one {@code force} serves every request filed before
   * it started. Its state is guarded by its monitor.
   */
  private final class Forcer implements Runnable {
    final Thread thread = DaemonThreads.daemon(this, "trialbook-checkpoint-fsync");
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private long requested;
    private long completed;
    private long pendingRecords;
    private boolean stopping;

    synchronized void request(long records, CompletableFuture<Void> whenForced) {
      requested++;
      pendingRecords += records;
      if (whenForced != null) {
        waiting.add(whenForced);
      }
      notifyAll();
    }

    /** Waits for the requests filed so far, then ends the thread. Called by the writer last. */
    void finish() {
      synchronized (this) {
        stopping = true;
        notifyAll();
      }
      Uninterruptibly.join(thread);
    }

    @Override
    public void run() {
      while (true) {
        long target;
        long records;
        List<CompletableFuture<Void>> done;
        synchronized (this) {
          while (completed == requested && !stopping) {
            try {
              wait();
            } catch (InterruptedException e) {
              // only finish() ends the forcer
            }
          }
          if (completed == requested) {
            return;
          }
          target = requested;
          records = pendingRecords;
          pendingRecords = 0;
          done = new ArrayList<>(waiting);
          waiting.clear();
        }
        try {
          if (failure == null) {
            channel.force(false);
            forcedRecords.addAndGet(records);
          }
        } catch (IOException | RuntimeException e) {
          fail(e);
        }
        synchronized (this) {
          completed = target;
        }
        done.forEach(f -> f.complete(null));
      }
    }
  }
}
