package io.github.trialbook.endpoint;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.batch.BatchClock;
import io.github.trialbook.batch.StageFunction;
import io.github.trialbook.batch.TrialContext;
import io.github.trialbook.internal.Checks;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * A pool of OpenAI-compatible model servers used by a stage: {@link #chat(ChatRequest)} sends a
 * request to the healthy endpoint with the fewest requests in flight that is below its limit,
 * and waits (up to {@code maxWait}) when none is, so the capacity of all servers is used and a
 * burst of trials never fails just because every server is busy or recovering.
 *
 * <p>Failures come back as exceptions the batch's retry policy understands:
 * {@link RateLimitedException} (429, or 503 with {@code Retry-After}: the retry waits at least
 * that long, within the stage's timeout, and the pool sends nothing to that endpoint before then;
 * a delay beyond the stage's timeout fails the trial at once, see
 * {@link io.github.trialbook.batch.RetryAfterBeyondTimeoutException}), {@link EndpointException}
 * (5xx, connection failure, timeout: retryable, and the next attempt of an equal request goes to
 * another endpoint when one is up), {@link EndpointRequestException} (other 4xx: an
 * {@link IllegalArgumentException}, not retried by the default predicate) and
 * {@link NoEndpointAvailableException}. A health monitor probes every endpoint, marks it down
 * after N failures, runs its stop/start commands (bounded restarts) and brings it back.
 *
 * <p>Transport: {@code http://} endpoints (local and LAN servers) use a lean HTTP/1.1 keep-alive
 * client in which the calling worker writes and reads its own connection (one thread wake-up
 * per request); {@code https://} endpoints use the JDK's {@code HttpClient}, HTTP/2 negotiated.
 * Both time out per request ({@link Endpoint#requestTimeout()}, the connection is closed, so the
 * server sees the request cancelled) and end at once on an interrupt.
 *
 * <p>API keys are read from the environment at each request, by the variable named in the
 * endpoint, and are redacted ({@link io.github.trialbook.batch.Secrets}) from every message,
 * status, answer (a model that echoes the {@code Authorization} header) and cached file. Thread-safe; close it
 * to stop the monitor and the servers it started (the stop commands run then, and also at JVM
 * exit if the pool was not closed). Closing twice does nothing more.
 *
 * <pre>{@code
 * try (EndpointPool pool = EndpointPool.builder()
 *     .endpoint(Endpoint.builder("http://gpu0:8000/v1", "qwen").maxConcurrency(32).build())
 *     .endpoint(Endpoint.builder("http://gpu1:8000/v1", "qwen").maxConcurrency(32).build())
 *     .build()) {
 *   BatchResult r = Trialbook.runBatch(Trialbook.batch("triage", docs, Doc::id)
 *       .stage("llm", pool.stage(t -> ChatRequest.user(t.input().text()).withTemperature(0.0)))
 *       .parallelism(64)
 *       .retry(Retry.exponential(4, Duration.ofSeconds(1), Duration.ofSeconds(30)))
 *       .build());
 *   System.out.println(pool.status().toText());
 * }
 * }</pre>
 */
public final class EndpointPool implements AutoCloseable {
  private static final int MAX_REMEMBERED_FAILURES = 4096;

  private final List<Endpoint> endpoints;
  private final Router router;
  private final ChatClient client;
  private final Http1Client http1;
  private final Supervisor supervisor;
  private final ResponseCache cache;
  private final String cacheModel;
  private final Duration maxWait;
  private final BatchClock clock;
  private final Redactor redactor;
  /** The endpoint that failed an equal request last, so its retry goes elsewhere. */
  private final Map<ChatRequest, Router.State> lastFailure = new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();
  /** Stops the servers this pool started if the JVM exits (a kernel restart) before close. */
  private final Thread shutdownHook;

  private EndpointPool(Builder b) {
    this.endpoints = List.copyOf(b.endpoints);
    this.clock = b.clock;
    this.maxWait = b.maxWait;
    List<String> keyVariables = new ArrayList<>();
    for (Endpoint e : endpoints) {
      if (e.apiKeyEnv() != null) {
        keyVariables.add(e.apiKeyEnv());
      }
    }
    this.redactor = new Redactor(keyVariables, b.env);
    ObjectMapper json = new ObjectMapper();
    // health probes: the JDK client, whose completions may run on its selector thread (short)
    HttpClient plainHealth = HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .executor(Runnable::run)
        .build();
    HttpClient tls = HttpClient.newBuilder()
        .connectTimeout(b.connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.http1 = new Http1Client(b.connectTimeout, Http1Client.IDLE_LIMIT);
    this.client = new ChatClient(http1, plainHealth, tls, json, b.env, redactor, clock);
    this.router = new Router(endpoints, clock, redactor);
    this.supervisor = new Supervisor(router, client, b.commandLogs, redactor);
    this.cache = b.cacheDir == null ? null : new ResponseCache(b.cacheDir, json);
    Set<String> models = new TreeSet<>();
    endpoints.forEach(e -> models.add(e.model()));
    this.cacheModel = String.join(",", models);
    boolean commands = endpoints.stream()
        .anyMatch(e -> e.hasStartCommand() || !e.stopCommand().isEmpty());
    this.shutdownHook = commands ? new Thread(this::stopAll, "trialbook-endpoint-shutdown") : null;
    if (shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(shutdownHook);
    }
  }

  /** Starts a pool description. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Sends one chat-completions request and returns the answer.
   *
   * @throws RateLimitedException 429, or 503 with Retry-After (retry after its delay)
   * @throws EndpointException a 5xx, a connection failure or a timeout (retryable)
   * @throws EndpointRequestException a 4xx the server refused (not retryable)
   * @throws NoEndpointAvailableException nothing could take it within {@code maxWait}
   * @throws InterruptedException the caller was interrupted (stage timeout, cancel); the request
   *     in flight is cancelled
   */
  public ChatResult chat(ChatRequest request) throws InterruptedException {
    Checks.notNull(request, "chat request", "pass ChatRequest.user(\"...\")",
        IllegalArgumentException::new);
    byte[] cacheKey = null;
    if (cache != null) {
      cacheKey = client.body(request, cacheModel);
      Optional<ChatResult> hit = cache.get(cacheKey);
      if (hit.isPresent()) {
        return hit.get();
      }
    }
    Router.State avoid = lastFailure.isEmpty() ? null : lastFailure.remove(request);
    Router.Lease lease = router.acquire(avoid, maxWait);
    Router.Outcome outcome = Router.Outcome.CANCELLED;
    String error = null;
    long started = System.nanoTime();
    try {
      ChatResult result = redactor.redact(
          client.send(lease.state().endpoint, lease.state().chatUri, request));
      outcome = Router.Outcome.OK;
      if (cache != null) {
        cache.put(cacheKey, result);
      }
      return result;
    } catch (RateLimitedException e) {
      outcome = Router.Outcome.RATE_LIMITED;
      error = e.getMessage();
      if (!e.retryAfter().isZero()) {
        router.pause(lease.state(), e.retryAfter());
      }
      throw e;
    } catch (EndpointRequestException e) {
      outcome = Router.Outcome.REFUSED;
      error = e.getMessage();
      throw e;
    } catch (EndpointException e) {
      outcome = e.status() == 0 ? Router.Outcome.CONNECTION_FAILED : Router.Outcome.SERVER_ERROR;
      error = e.getMessage();
      remember(request, lease.state());
      throw e;
    } finally {
      router.release(lease, outcome, System.nanoTime() - started, error);
    }
  }

  /**
   * A stage function that builds a request from the trial and sends it: the stage output is the
   * {@link ChatResult}.
   *
   * <pre>{@code
   * .stage("llm", pool.stage(t -> ChatRequest.user(prompt(t.input()))))
   * }</pre>
   */
  public <I> StageFunction<I> stage(Function<TrialContext<I>, ChatRequest> requestOf) {
    Checks.notNull(requestOf, "requestOf", "pass t -> ChatRequest.user(...)",
        IllegalArgumentException::new);
    return t -> chat(requestOf.apply(t));
  }

  /** The state of every endpoint now, for the live view. */
  public PoolStatus status() {
    return router.status(clock.epochMillis());
  }

  public List<Endpoint> endpoints() {
    return endpoints;
  }

  /** Removes API keys (and bearer tokens) from {@code text}, e.g. before logging it. */
  public String redact(String text) {
    return redactor.redact(text);
  }

  /** Stops health probes and recoveries, runs the stop commands, kills started servers. */
  @Override
  public void close() {
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs (or ran) stopAll itself
      }
    }
    stopAll();
  }

  private void stopAll() {
    if (closed.compareAndSet(false, true)) {
      router.close();
      supervisor.close();
      http1.close();
    }
  }

  @Override
  public String toString() {
    return "EndpointPool" + endpoints;
  }

  private void remember(ChatRequest request, Router.State failed) {
    if (lastFailure.size() >= MAX_REMEMBERED_FAILURES) {
      lastFailure.clear();
    }
    lastFailure.put(request, failed);
  }

  /**
   * Collects a pool's settings. Defaults: connect timeout 10 s, wait at most 10 min for a usable
   * endpoint, keys from {@link System#getenv(String)}, no response cache.
   */
  public static final class Builder {
    private final List<Endpoint> endpoints = new ArrayList<>();
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration maxWait = Duration.ofMinutes(10);
    private Function<String, String> env = System::getenv;
    private Path cacheDir;
    private Path commandLogs;
    private BatchClock clock = BatchClock.system();

    private Builder() {}

    public Builder endpoint(Endpoint endpoint) {
      endpoints.add(Checks.notNull(endpoint, "endpoint", "pass Endpoint.builder(url, model)"
          + ".build()", EndpointConfigException::new));
      return this;
    }

    public Builder endpoints(List<Endpoint> list) {
      Checks.notNull(list, "endpoints", "pass a list of Endpoint", EndpointConfigException::new)
          .forEach(this::endpoint);
      return this;
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Checks.positive(timeout, "connectTimeout",
          "pass e.g. Duration.ofSeconds(10)", EndpointConfigException::new);
      return this;
    }

    /**
     * How long {@code chat} waits for an endpoint that is up with free capacity. When every
     * endpoint is paused by a server's {@code Retry-After} beyond this wait, {@code chat} fails
     * at once with a {@link NoEndpointAvailableException} saying until when, instead of waiting.
     */
    public Builder maxWait(Duration wait) {
      this.maxWait = Checks.positive(wait, "maxWait", "pass e.g. Duration.ofMinutes(10)",
          EndpointConfigException::new);
      return this;
    }

    /** Where API keys are looked up by variable name (tests pass a map's {@code get}). */
    public Builder env(Function<String, String> lookup) {
      this.env = Checks.notNull(lookup, "env", "pass System::getenv",
          EndpointConfigException::new);
      return this;
    }

    /** Turns the response cache on, stored under {@code dir} (e.g. inside the run directory). */
    public Builder cache(Path dir) {
      this.cacheDir = Checks.notNull(dir, "cache directory", "pass a directory path",
          EndpointConfigException::new);
      return this;
    }

    /**
     * Where the output of start and stop commands goes (one log per endpoint); default the temp
     * directory. Logs nothing was written to are removed on close.
     */
    public Builder commandLogs(Path dir) {
      this.commandLogs = Checks.notNull(dir, "commandLogs directory", "pass a directory path",
          EndpointConfigException::new);
      return this;
    }

    public Builder clock(BatchClock clock) {
      this.clock = Checks.notNull(clock, "clock", "pass BatchClock.system()",
          EndpointConfigException::new);
      return this;
    }

    /**
     * Validates, then opens the pool: probes every endpoint, starts those that do not answer and
     * have a start command (waiting for health up to their start timeout), and starts the health
     * monitor. Returns when every endpoint is up or known to be down.
     */
    public EndpointPool build() throws InterruptedException {
      if (endpoints.isEmpty()) {
        throw new EndpointConfigException("endpoint pool needs at least one endpoint; add one "
            + "with endpoint(Endpoint.builder(url, model).build())");
      }
      Set<String> names = new HashSet<>();
      for (Endpoint e : endpoints) {
        if (!names.add(e.name())) {
          throw new EndpointConfigException("endpoint name \"" + e.name() + "\" is used twice; "
              + "give each endpoint its own name(...)");
        }
      }
      EndpointPool pool = new EndpointPool(this);
      try {
        pool.supervisor.open();
      } catch (InterruptedException | RuntimeException e) {
        pool.close();
        throw e;
      }
      return pool;
    }
  }
}
