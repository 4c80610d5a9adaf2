package io.github.trialbook.endpoint;

import io.github.trialbook.batch.BatchClock;
import io.github.trialbook.internal.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Chooses an endpoint for each request and keeps every endpoint's routing state.
 *
 * <p>Design note. All routing state (in flight, limit, up/down, pause, counters) is guarded by one
 * lock: a request takes it twice (acquire, release) for well under a microsecond, far below any
 * model call, and one lock makes "least outstanding among the usable" exact. A caller that finds
 * no endpoint up, unpaused and below its limit waits on {@link #changed} with a deadline; it is
 * woken by a release (one waiter, or all when some waiter avoids an endpoint, so a slot it skips
 * is not lost), by an endpoint coming up or a limit rising (all waiters), and by its own timer
 * when a pause ends. A caller that could only be served by endpoints paused (by Retry-After)
 * beyond its deadline fails at once instead of waiting out {@code maxWait}. An interrupt while
 * waiting propagates as {@link InterruptedException} with nothing taken. Callers must release
 * every lease exactly once. Pauses run on {@link System#nanoTime()}, like the waits; the pool's
 * clock only says when, in wall time, a pause ends.
 */
final class Router {
  /** Routing state of one endpoint; fields guarded by the router's lock. */
  static final class State {
    final Endpoint endpoint;
    final java.net.URI chatUri;
    final ConcurrencyLimit limit;
    final LatencyWindow latencies = new LatencyWindow(1024);
    int inFlight;
    boolean up;
    boolean recovering;
    long pausedUntilNanos;
    int connectionFailures;
    long requests;
    long errors;
    int restarts;
    String lastError = "";
    /** Why it is down (or recovering), redacted; kept until it is up again. */
    String downReason = "";

    State(Endpoint endpoint) {
      this.endpoint = endpoint;
      this.chatUri = endpoint.chatUri();
      this.limit = new ConcurrencyLimit(endpoint.adaptiveFloor(), endpoint.maxConcurrency(),
          endpoint.slowStart());
    }

    boolean paused(long now) {
      return pausedUntilNanos - now > 0;
    }
  }

  /** One request's hold on an endpoint. */
  record Lease(State state, long startedNanos, int inFlightAtStart) {}

  /** How a request ended, for the endpoint's counters, health and limit. */
  enum Outcome { OK, RATE_LIMITED, SERVER_ERROR, CONNECTION_FAILED, REFUSED, CANCELLED }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<State> states;
  private final BatchClock clock;
  private final Redactor redactor;
  private int waiting;
  private int avoiders;
  private int rotation;
  private boolean closed;

  Router(List<Endpoint> endpoints, BatchClock clock, Redactor redactor) {
    this.clock = clock;
    this.redactor = redactor;
    List<State> list = new ArrayList<>();
    for (Endpoint e : endpoints) {
      list.add(new State(e));
    }
    this.states = List.copyOf(list);
  }

  List<State> states() {
    return states;
  }

  /**
   * Takes a slot on the usable endpoint with the fewest requests in flight, waiting up to
   * {@code maxWait}. {@code avoid} (or null) is skipped while another endpoint is up.
   */
  Lease acquire(State avoid, Duration maxWait) throws InterruptedException {
    long deadline = System.nanoTime() + maxWait.toNanos();
    lock.lockInterruptibly();
    try {
      boolean counted = false;
      boolean avoiding = false;
      try {
        while (true) {
          if (closed) {
            throw new IllegalStateException("endpoint pool is closed; build a new one");
          }
          long now = System.nanoTime();
          State skip = avoid != null && anotherUp(avoid) ? avoid : null;
          State best = pick(skip, now);
          if (best != null) {
            best.inFlight++;
            return new Lease(best, now, best.inFlight);
          }
          long remaining = deadline - now;
          if (remaining <= 0) {
            throw new NoEndpointAvailableException("no endpoint could take the request within "
                + format(maxWait) + ": " + describe(now) + "; the trial can be retried, or raise "
                + "maxWait to wait longer for recovery");
          }
          if (allPausedBeyond(deadline, now)) {
            throw new NoEndpointAvailableException("no endpoint can take the request within "
                + "maxWait (" + format(maxWait) + "): " + describe(now) + "; failing now instead"
                + " of waiting; the trial can be retried later (rerun the failures), or lower the"
                + " load on the servers (parallelism, maxConcurrency)");
          }
          if (!counted) {
            counted = true;
            waiting++;
          }
          if (skip != null && !avoiding) {
            avoiding = true;
            avoiders++;
          }
          changed.awaitNanos(Math.min(remaining, untilPauseEnds(now)));
        }
      } finally {
        if (counted) {
          waiting--;
        }
        if (avoiding) {
          avoiders--;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  void release(Lease lease, Outcome outcome, long latencyNanos, String error) {
    State s = lease.state();
    lock.lock();
    try {
      s.inFlight--;
      if (outcome != Outcome.CANCELLED) {
        s.requests++;
      }
      int limitBefore = s.limit.current();
      switch (outcome) {
        case OK -> {
          s.connectionFailures = 0;
          s.latencies.add(latencyNanos);
          s.limit.onSuccess(lease.startedNanos(), latencyNanos, lease.inFlightAtStart());
        }
        case RATE_LIMITED -> s.limit.onCongestion(lease.startedNanos());
        case CONNECTION_FAILED -> {
          if (++s.connectionFailures >= s.endpoint.failuresBeforeDown() && s.up) {
            markDownLocked(s, "after " + s.connectionFailures + " failed requests in a row ("
                + error + ")");
          }
        }
        default -> { }
      }
      if (outcome != Outcome.OK && outcome != Outcome.CANCELLED) {
        s.errors++;
        s.lastError = error == null ? outcome.name() : error;
      }
      if (s.limit.current() > limitBefore || avoiders > 0) {
        changed.signalAll();
      } else {
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends nothing to {@code s} until {@code wait} has passed. Every waiter looks again: one the
   * pause leaves nothing to wait for within its deadline fails now.
   */
  void pause(State s, Duration wait) {
    lock.lock();
    try {
      long until = System.nanoTime() + wait.toNanos();
      if (until - s.pausedUntilNanos > 0) {
        s.pausedUntilNanos = until;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  void markUp(State s) {
    lock.lock();
    try {
      s.up = true;
      s.connectionFailures = 0;
      s.downReason = "";
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void markDown(State s, String reason) {
    lock.lock();
    try {
      markDownLocked(s, reason);
    } finally {
      lock.unlock();
    }
  }

  private void markDownLocked(State s, String reason) {
    s.up = false;
    s.downReason = redactor.redact(reason);
  }

  /** Marks {@code s} as recovering; false when a recovery runs already or none is left. */
  boolean beginRecovery(State s) {
    lock.lock();
    try {
      if (s.recovering || s.up || s.restarts >= s.endpoint.maxRestarts()) {
        return false;
      }
      s.recovering = true;
      s.restarts++;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void endRecovery(State s, boolean healthy, String error) {
    lock.lock();
    try {
      s.recovering = false;
      if (healthy) {
        s.up = true;
        s.connectionFailures = 0;
        s.downReason = "";
        changed.signalAll();
      } else {
        int max = s.endpoint.maxRestarts();
        s.downReason = redactor.redact("restart " + s.restarts + " of " + max + " failed: " + error
            + (s.restarts >= max ? "; restarts exhausted (" + max + ")" : ""));
      }
    } finally {
      lock.unlock();
    }
  }

  boolean isUp(State s) {
    lock.lock();
    try {
      return s.up;
    } finally {
      lock.unlock();
    }
  }

  boolean isRecovering(State s) {
    lock.lock();
    try {
      return s.recovering;
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  PoolStatus status(long epochMillis) {
    lock.lock();
    try {
      long now = System.nanoTime();
      List<EndpointStatus> list = new ArrayList<>(states.size());
      for (State s : states) {
        double[] q = s.latencies.quantilesMillis(0.50, 0.95);
        EndpointStatus.State state = s.recovering ? EndpointStatus.State.RECOVERING
            : !s.up ? EndpointStatus.State.DOWN
            : s.paused(now) ? EndpointStatus.State.PAUSED : EndpointStatus.State.UP;
        long pausedUntil = s.paused(now)
            ? epochMillis + (s.pausedUntilNanos - now) / 1_000_000 : 0;
        list.add(new EndpointStatus(s.endpoint.name(), s.endpoint.model(), state, s.inFlight,
            s.limit.current(), s.endpoint.maxConcurrency(), s.requests, s.errors, q[0], q[1],
            s.restarts, s.lastError, pausedUntil, s.up ? "" : s.downReason));
      }
      return new PoolStatus(list, waiting, epochMillis);
    } finally {
      lock.unlock();
    }
  }

  private State pick(State skip, long now) {
    State best = null;
    int n = states.size();
    int start = Math.floorMod(rotation++, n);
    for (int i = 0; i < n; i++) {
      State s = states.get((start + i) % n);
      if (s != skip && s.up && !s.paused(now) && s.inFlight < s.limit.current()
          && (best == null || s.inFlight < best.inFlight)) {
        best = s;
      }
    }
    return best;
  }

  private boolean anotherUp(State avoid) {
    for (State s : states) {
      if (s != avoid && s.up) {
        return true;
      }
    }
    return false;
  }

  /** True when every endpoint is paused past {@code deadline}: waiting cannot help. */
  private boolean allPausedBeyond(long deadline, long now) {
    for (State s : states) {
      if (!s.paused(now) || s.pausedUntilNanos - deadline < 0) {
        return false;
      }
    }
    return true;
  }

  private long untilPauseEnds(long now) {
    long soonest = Long.MAX_VALUE;
    for (State s : states) {
      if (s.up && s.paused(now)) {
        soonest = Math.min(soonest, s.pausedUntilNanos - now);
      }
    }
    return soonest;
  }

  private String describe(long now) {
    StringBuilder out = new StringBuilder();
    long nowMillis = clock.epochMillis();
    for (State s : states) {
      out.append(out.length() == 0 ? "" : ", ").append(s.endpoint.name()).append(' ')
          .append(s.recovering ? "recovering (restart " + s.restarts + " of "
                  + s.endpoint.maxRestarts() + "; down " + s.downReason + ")"
              : !s.up ? "down (" + s.downReason + ")" : s.paused(now)
              ? "paused by Retry-After until " + Durations.untilUtc(
                  nowMillis + (s.pausedUntilNanos - now) / 1_000_000, nowMillis) : "full")
          .append(String.format(Locale.ROOT, " (%d/%d in flight)", s.inFlight,
              s.limit.current()));
    }
    return out.toString();
  }

  private static String format(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
