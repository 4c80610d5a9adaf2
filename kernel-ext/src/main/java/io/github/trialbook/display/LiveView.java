package io.github.trialbook.display;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.internal.Uninterruptibly;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The live progress of a batch in a notebook cell: one {@code display_data}, then
 * {@code update_display_data} with the same display id, at most {@code maxUpdatesPerSecond}
 * (4 by default) in any sliding second and each at most {@code maxBytes} (16 KB by default)
 * whatever the batch size. Snapshots arriving faster are skipped; {@link #finish} always sends the final
 * picture, waiting
 * out the rest of the interval if needed. Not thread-safe: {@code runBatch} drives it from the
 * cell's thread.
 *
 * <pre>{@code
 * ProgressView view = new LiveView(kernelDisplay, LiveView.Options.defaults());
 * view.update(handle.progress());
 * view.finish(result.progress());
 * }</pre>
 */
public final class LiveView implements ProgressView {
  private static final long STAMP_JITTER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  /** Throttle, byte budget and list caps. */
  public record Options(double maxUpdatesPerSecond, int maxBytes, ProgressPanel panel) {
    public Options {
      if (!(maxUpdatesPerSecond > 0) || maxUpdatesPerSecond > 100) {
        throw new DisplayConfigException("LiveView.Options.maxUpdatesPerSecond=" + maxUpdatesPerSecond
            + ": must be in (0, 100]; 4 keeps notebooks responsive");
      }
      if (maxBytes < 1024) {
        throw new DisplayConfigException("LiveView.Options.maxBytes=" + maxBytes
            + ": must be at least 1024; the default is 16384");
      }
      if (panel == null) {
        throw new DisplayConfigException("LiveView.Options.panel must not be null; use ProgressPanel.defaults()");
      }
    }

    /** 4 updates per second, 16 KB each, {@link ProgressPanel#defaults()}. */
    public static Options defaults() {
      return new Options(4, 16 * 1024, ProgressPanel.defaults());
    }

    public Options withMaxUpdatesPerSecond(double perSecond) {
      return new Options(perSecond, maxBytes, panel);
    }

    public Options withMaxBytes(int bytes) {
      return new Options(maxUpdatesPerSecond, bytes, panel);
    }

    /** Messages allowed per {@link #windowNanos()}: the rate rounded down, at least one. */
    int burst() {
      return Math.max(1, (int) Math.floor(maxUpdatesPerSecond));
    }

    /**
     * The sliding window holding at most {@link #burst()} messages ({@code burst / rate}), plus
     * 50 ms so that a receiver timing messages at arrival (Rapaio stamps headers to the minute)
     * still counts no more than the rate in any one-second window despite transit jitter.
     */
    long windowNanos() {
      return (long) Math.ceil(burst() * 1e9 / maxUpdatesPerSecond) + STAMP_JITTER_NANOS;
    }
  }

  private final DisplayTarget target;
  private final Options options;
  private final LongSupplier nanoTime;
  private String displayId;
  private long[] sentAt; // ring of the last burst() send times
  private int sent; // messages sent: one display and the updates after it
  private boolean finished;

  public LiveView(DisplayTarget target, Options options) {
    this(target, options, System::nanoTime);
  }

  /** With an injected clock, for tests. */
  LiveView(DisplayTarget target, Options options, LongSupplier nanoTime) {
    if (target == null || options == null) {
      throw new DisplayConfigException("LiveView(target, options): neither may be null");
    }
    this.target = target;
    this.options = options;
    this.nanoTime = nanoTime;
    this.sentAt = new long[options.burst()];
  }

  @Override
  public void update(ProgressSnapshot snapshot) {
    if (finished) {
      return;
    }
    if (displayId != null && waitNeeded() > 0) {
      return;
    }
    send(snapshot);
  }

  @Override
  public void finish(ProgressSnapshot snapshot) {
    if (finished) {
      return;
    }
    finished = true;
    if (displayId != null) {
      // waits even when the cell thread is interrupted (a cancel), keeping the interrupt
      Uninterruptibly.sleepNanos(waitNeeded());
    }
    try {
      send(snapshot);
    } finally {
      if (displayId != null) {
        target.end(displayId);
      }
    }
  }

  /** The display id, or null before the first snapshot. */
  public String displayId() {
    return displayId;
  }

  private void send(ProgressSnapshot snapshot) {
    Map<String, String> bundle = options.panel().renderWithin(snapshot, options.maxBytes());
    if (displayId == null) {
      displayId = target.displayLive(bundle);
    } else {
      target.update(displayId, bundle);
    }
    sentAt[sent % sentAt.length] = nanoTime.getAsLong();
    sent++;
  }

  /** Nanoseconds until one more message keeps the window within its burst; 0 or less: now. */
  private long waitNeeded() {
    if (sent < sentAt.length) {
      return 0;
    }
    long oldest = sentAt[sent % sentAt.length];
    return options.windowNanos() - (nanoTime.getAsLong() - oldest);
  }
}
