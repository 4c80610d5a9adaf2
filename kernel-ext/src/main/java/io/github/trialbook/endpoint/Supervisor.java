package io.github.trialbook.endpoint;

import io.github.trialbook.internal.Durations;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches endpoint health and brings endpoints back: starts servers when the pool opens, probes
 * each endpoint at its interval, marks it down after N failed probes in a row, runs its recovery
 * (stop, start, wait for health) at most {@code maxRestarts} times, marks it up when a probe
 * passes, and stops the servers when the pool closes.
 *
 * <p>Design note. Probes are asynchronous HTTP requests started by one scheduler thread, so a
 * slow endpoint delays no other; a probe still pending when the next is due is not doubled.
 * Recoveries run on their own daemon threads (they wait for subprocesses and health) and the
 * router's {@code recovering} flag keeps them single per endpoint; probes skip an endpoint while
 * it recovers. A recovery zeroes the endpoint's probe failures when it ends, so the next recovery
 * needs N fresh failures. {@link #close()} stops probing first, then interrupts
 * recoveries, then runs stop commands and kills processes the pool started.
 */
final class Supervisor {
  private static final Duration MIN_PROBE_TIMEOUT = Duration.ofSeconds(1);
  private static final Duration MAX_PROBE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Router router;
  private final ChatClient client;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService workers;
  private final Map<Router.State, Probe> probes = new HashMap<>();
  private final Map<Router.State, Process> started = new ConcurrentHashMap<>();
  private final Map<Router.State, ServerCommand> commands = new HashMap<>();
  private volatile boolean closed;

  private static final class Probe {
    final AtomicBoolean pending = new AtomicBoolean();
    final AtomicInteger failures = new AtomicInteger();
  }

  Supervisor(Router router, ChatClient client, java.nio.file.Path logDir, Redactor redactor) {
    this.router = router;
    this.client = client;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("trialbook-endpoint-health"));
    this.workers = Executors.newCachedThreadPool(daemon("trialbook-endpoint-recovery"));
    for (Router.State s : router.states()) {
      probes.put(s, new Probe());
      if (s.endpoint.hasStartCommand() || !s.endpoint.stopCommand().isEmpty()) {
        commands.put(s, new ServerCommand(s.endpoint.name(), logDir, redactor));
      }
    }
  }

  /**
   * Brings every endpoint to its first state, in parallel: up when it answers a probe, else
   * started by its start command when it has one (waiting for health), else down until a probe
   * passes. Then starts the periodic probes.
   */
  void open() throws InterruptedException {
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (Router.State s : router.states()) {
      all.add(CompletableFuture.runAsync(() -> firstState(s), workers));
    }
    try {
      CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("endpoint start-up failed: " + e.getCause(), e.getCause());
    }
    for (Router.State s : router.states()) {
      long every = s.endpoint.healthInterval().toNanos();
      scheduler.scheduleWithFixedDelay(() -> probe(s), every, every, TimeUnit.NANOSECONDS);
    }
  }

  private void firstState(Router.State s) {
    String unhealthy = probeNow(s);
    if (unhealthy == null) {
      router.markUp(s);
      return;
    }
    if (!s.endpoint.hasStartCommand()) {
      router.markDown(s, "at start: health probe of " + s.endpoint.healthUri() + " failed ("
          + unhealthy + ") and there is no start command");
      return;
    }
    String error = startAndWait(s);
    if (error == null) {
      router.markUp(s);
    } else {
      router.markDown(s, "at start: " + error);
    }
  }

  private void probe(Router.State s) {
    Probe p = probes.get(s);
    if (closed || router.isRecovering(s) || !p.pending.compareAndSet(false, true)) {
      return;
    }
    try {
      client.healthClient(s.endpoint).sendAsync(client.healthRequest(s.endpoint, probeTimeout(s.endpoint)),
              HttpResponse.BodyHandlers.discarding())
          .whenComplete((response, error) -> {
            try {
              boolean ok = error == null && ChatClient.healthy(s.endpoint, response.statusCode());
              onProbe(s, p, ok, error == null ? "HTTP " + response.statusCode() : why(error));
            } finally {
              p.pending.set(false);
            }
          });
    } catch (RuntimeException e) {
      // an exception escaping a scheduled task would end this endpoint's probes for good
      p.pending.set(false);
      onProbe(s, p, false, why(e));
    }
  }

  private void onProbe(Router.State s, Probe p, boolean ok, String result) {
    if (closed) {
      return;
    }
    if (ok) {
      p.failures.set(0);
      if (!router.isUp(s)) {
        router.markUp(s);
      }
      return;
    }
    int failures = p.failures.incrementAndGet();
    if (failures >= s.endpoint.failuresBeforeDown()) {
      if (router.isUp(s)) {
        router.markDown(s, "after " + failures + " failed health probes (" + result + ")");
      }
      if (s.endpoint.hasStartCommand() && router.beginRecovery(s)) {
        workers.execute(() -> recover(s));
      }
    }
  }

  private void recover(Router.State s) {
    String error;
    try {
      error = stop(s);
      if (error == null) {
        error = startAndWait(s);
      }
    } catch (RuntimeException e) {
      error = "recovery failed: " + e;
    }
    probes.get(s).failures.set(0);
    router.endRecovery(s, error == null, error == null ? "" : error);
  }

  /** Runs the stop command and kills the server process the pool started; null when done. */
  private String stop(Router.State s) {
    String error = null;
    ServerCommand cmd = commands.get(s);
    if (!s.endpoint.stopCommand().isEmpty()) {
      try {
        // the exit code is not checked: stopping a server that is already gone commonly
        // fails, and the start command runs next either way
        cmd.runToEnd(s.endpoint.stopCommand(), STOP_TIMEOUT);
      } catch (java.io.IOException e) {
        error = "stop command failed: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "interrupted";
      }
    }
    Process p = started.remove(s);
    if (p != null) {
      ServerCommand.destroyTree(p);
    }
    return error;
  }

  /** Runs the start command and waits for a passing probe; null when healthy, else why not. */
  private String startAndWait(Router.State s) {
    Endpoint e = s.endpoint;
    ServerCommand cmd = commands.get(s);
    Process p;
    try {
      p = cmd.launch(e.startCommand());
    } catch (java.io.IOException ex) {
      return "start command " + Endpoint.maskSecrets(e.startCommand()) + " failed: "
          + ex.getMessage();
    }
    started.put(s, p);
    long deadline = System.nanoTime() + e.startTimeout().toNanos();
    long pollMillis = Math.max(50, Math.min(1000, e.healthInterval().toMillis() / 4));
    try {
      while (!closed) {
        String unhealthy = probeNow(s);
        if (unhealthy == null) {
          return null;
        }
        if (!p.isAlive() && p.exitValue() != 0) {
          return "start command exited with code " + p.exitValue() + " before the endpoint "
              + "was healthy (output in " + cmd.log() + ")";
        }
        if (System.nanoTime() - deadline > 0) {
          return "not healthy " + Durations.readable(e.startTimeout()) + " after the start "
              + "command (last probe: " + unhealthy + "; output in " + cmd.log() + ")";
        }
        Thread.sleep(pollMillis);
      }
      return "pool closed";
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** Probes {@code s} once: null when healthy, else why not. */
  private String probeNow(Router.State s) {
    try {
      HttpResponse<Void> r = client.healthClient(s.endpoint).send(client.healthRequest(s.endpoint,
          probeTimeout(s.endpoint)), HttpResponse.BodyHandlers.discarding());
      return ChatClient.healthy(s.endpoint, r.statusCode()) ? null : "HTTP " + r.statusCode();
    } catch (java.io.IOException e) {
      return why(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /**
   * A failed probe in a few words, e.g. {@code ConnectException} or {@code
   * HttpConnectTimeoutException: HTTP connect timed out}: the exception past the async wrappers,
   * with the first message on its cause chain (the HTTP client's often carry none).
   */
  private static String why(Throwable e) {
    Throwable t = e;
    while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c.getMessage() != null) {
        return t.getClass().getSimpleName() + ": " + c.getMessage();
      }
    }
    return t.getClass().getSimpleName();
  }

  private static Duration probeTimeout(Endpoint e) {
    Duration d = e.healthInterval();
    return d.compareTo(MIN_PROBE_TIMEOUT) < 0 ? MIN_PROBE_TIMEOUT
        : d.compareTo(MAX_PROBE_TIMEOUT) > 0 ? MAX_PROBE_TIMEOUT : d;
  }

  /** Stops probing and recoveries, then stops the servers: stop commands, started processes. */
  void close() {
    closed = true;
    scheduler.shutdownNow();
    workers.shutdownNow();
    for (Router.State s : router.states()) {
      if (!s.endpoint.stopCommand().isEmpty() || started.containsKey(s)) {
        stop(s);
      }
    }
    commands.values().forEach(ServerCommand::removeLogIfEmpty);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
