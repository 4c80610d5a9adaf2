package io.github.trialbook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for tests, with fault knobs:
 * latency (fixed or any distribution), error rates by status (500, 503, 429 with Retry-After), a
 * hang mode, a hidden max concurrency beyond which it answers 429, a required API key, and
 * {@link #down()} / {@link #up()} which close and reopen its port. It counts requests and the
 * peak number in flight, and remembers when each chat request arrived; {@code GET /stats} and
 * {@code POST /reset} expose and zero the counters as {@code latency_server.py} does.
 *
 * <p>Knobs are volatile and may change while requests run. Handlers run on a pool with no thread
 * limit, so 256+ requests can sleep their latency at once. Failures are spread
 * deterministically: with rate r, request k fails when floor(k·r) > floor((k−1)·r).
 *
 * <pre>{@code
 * try (ModelServerSimulator sim = ModelServerSimulator.start()) {
 *   sim.latency(Duration.ofMillis(20)).maxConcurrency(4);
 *   // Endpoint.builder(sim.baseUrl(), "sim-model") ...
 * }
 * }</pre>
 */
public final class ModelServerSimulator implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    // The JDK server writes headers and body separately; with Nagle on, the body waits for the
    // client's delayed ACK (40 ms on Linux) and every answer comes late.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // beyond 200 idle keep-alive connections (the default) it closes connections after
    // answering, which a benchmark opening a client per measurement reaches quickly
    if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
      System.setProperty("sun.net.httpserver.maxIdleConnections", "4096");
    }
  }

  private final ExecutorService handlers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30,
      TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
        Thread t = new Thread(r, "model-server-simulator");
        t.setDaemon(true);
        return t;
      });
  private volatile HttpServer server;
  private volatile int port;

  private volatile LongSupplier latencyMillis = () -> 0;
  private final Map<Integer, Double> errorRates = new ConcurrentHashMap<>();
  private volatile String retryAfter = "1";
  private volatile int maxConcurrency = Integer.MAX_VALUE;
  private volatile String overloadRetryAfter;
  private volatile String requiredKey;
  private volatile boolean echoAuthorization;
  private final AtomicInteger hangNext = new AtomicInteger();
  private final AtomicInteger failNext = new AtomicInteger();
  private volatile int failNextStatus;
  private volatile boolean hangAll;
  private volatile CountDownLatch hangRelease = new CountDownLatch(1);
  private volatile boolean healthFailing;
  private volatile Runnable exitHook;

  private final AtomicLong chatRequests = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong healthRequests = new AtomicLong();
  private final ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
  private volatile JsonNode lastBody;
  private volatile String lastAuthorization;

  private ModelServerSimulator() {}

  /** Starts on a free loopback port. */
  public static ModelServerSimulator start() throws IOException {
    return start(0);
  }

  /** Starts on {@code port} (0 = a free one). */
  public static ModelServerSimulator start(int port) throws IOException {
    ModelServerSimulator sim = new ModelServerSimulator();
    sim.bind(port);
    return sim;
  }

  private synchronized void bind(int wanted) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(),
        wanted), 1024);
    s.setExecutor(handlers);
    s.createContext("/", this::handle);
    s.start();
    port = s.getAddress().getPort();
    server = s;
  }

  public int port() {
    return port;
  }

  /** {@code http://127.0.0.1:PORT/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port + "/v1";
  }

  public String healthUrl() {
    return "http://127.0.0.1:" + port + "/health";
  }

  // ---- knobs ---------------------------------------------------------------------------------

  public ModelServerSimulator latency(Duration fixed) {
    long ms = fixed.toMillis();
    latencyMillis = () -> ms;
    return this;
  }

  /** Latency drawn uniformly from [min, max]. */
  public ModelServerSimulator latency(Duration min, Duration max) {
    long lo = min.toMillis();
    long hi = max.toMillis();
    latencyMillis = () -> ThreadLocalRandom.current().nextLong(lo, hi + 1);
    return this;
  }

  /** Fraction of chat requests answered with {@code status} (500, 503 or 429). */
  public ModelServerSimulator errorRate(int status, double rate) {
    errorRates.put(status, rate);
    return this;
  }

  /** The next {@code n} chat requests are answered with {@code status} (after the latency). */
  public ModelServerSimulator failNext(int status, int n) {
    failNextStatus = status;
    failNext.set(n);
    return this;
  }

  /** The {@code Retry-After} value sent with injected 429/503 answers, or null for none. */
  public ModelServerSimulator retryAfter(String value) {
    this.retryAfter = value;
    return this;
  }

  /** Beyond this many chat requests in flight, answer 429 (with {@code retryAfter}, or none). */
  public ModelServerSimulator maxConcurrency(int limit, String retryAfterValue) {
    this.maxConcurrency = limit;
    this.overloadRetryAfter = retryAfterValue;
    return this;
  }

  /** Requests without {@code Authorization: Bearer key} get a 401 that echoes what was sent. */
  public ModelServerSimulator requireKey(String key) {
    this.requiredKey = key;
    return this;
  }

  /** The next {@code n} chat requests hang until {@link #releaseHangs()} or shutdown. */
  /**
   * Answers (200) that echo the request's {@code Authorization} header and the bare key in it,
   * as a model repeating its prompt context might: the client must redact both.
   */
  public ModelServerSimulator echoAuthorization(boolean on) {
    this.echoAuthorization = on;
    return this;
  }

  public ModelServerSimulator hangNext(int n) {
    hangNext.set(n);
    return this;
  }

  /** Every chat request hangs while on. */
  public ModelServerSimulator hangAll(boolean on) {
    hangAll = on;
    if (!on) {
      releaseHangs();
    }
    return this;
  }

  public void releaseHangs() {
    CountDownLatch old = hangRelease;
    hangRelease = new CountDownLatch(1);
    old.countDown();
  }

  /** /health answers 503 while on. */
  public ModelServerSimulator healthFailing(boolean on) {
    healthFailing = on;
    return this;
  }

  /** What {@code POST /admin/exit} does (after answering); unset, the route answers 404. */
  public ModelServerSimulator onAdminExit(Runnable hook) {
    this.exitHook = hook;
    return this;
  }

  /** Closes the port: new connections are refused, open ones are dropped. */
  public synchronized void down() {
    HttpServer s = server;
    if (s != null) {
      server = null;
      s.stop(0);
      releaseHangs();
    }
  }

  /** Reopens the same port. */
  public synchronized void up() throws IOException {
    if (server == null) {
      bind(port);
    }
  }

  public boolean isUp() {
    return server != null;
  }

  // ---- counters ------------------------------------------------------------------------------

  public long chatRequests() {
    return chatRequests.get();
  }

  public long okResponses() {
    return ok.get();
  }

  public long responses(int status) {
    AtomicLong n = byStatus.get(status);
    return n == null ? 0 : n.get();
  }

  public int inFlight() {
    return inFlight.get();
  }

  public int peakInFlight() {
    return peakInFlight.get();
  }

  public long healthRequests() {
    return healthRequests.get();
  }

  /** {@link System#nanoTime()} of each chat request's arrival, in order. */
  public List<Long> arrivals() {
    return List.copyOf(arrivals);
  }

  public JsonNode lastBody() {
    return lastBody;
  }

  /** The Authorization header of the last chat request, for tests that check a key arrived. */
  public String lastAuthorization() {
    return lastAuthorization;
  }

  public void resetCounters() {
    chatRequests.set(0);
    ok.set(0);
    byStatus.clear();
    peakInFlight.set(inFlight.get());
    healthRequests.set(0);
    arrivals.clear();
  }

  @Override
  public void close() {
    down();
    handlers.shutdownNow();
  }

  // ---- serving -------------------------------------------------------------------------------

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      byte[] body = readAll(ex.getRequestBody());
      if (path.equals("/health")) {
        healthRequests.incrementAndGet();
        if (healthFailing) {
          send(ex, 503, error("unhealthy", "server_error"), null);
        } else {
          send(ex, 200, "{\"status\":\"ok\"}", null);
        }
      } else if (path.equals("/v1/models")) {
        healthRequests.incrementAndGet();
        send(ex, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"sim-model\",\"object\":\"model\"}]}",
            null);
      } else if (path.equals("/stats")) {
        send(ex, 200, "{\"chat_requests\":" + chatRequests.get() + ",\"ok\":" + ok.get()
            + ",\"peak_in_flight\":" + peakInFlight.get() + "}", null);
      } else if (path.equals("/reset") && ex.getRequestMethod().equals("POST")) {
        resetCounters();
        send(ex, 200, "{\"status\":\"reset\"}", null);
      } else if (path.equals("/admin/exit") && exitHook != null) {
        send(ex, 200, "{\"status\":\"exiting\"}", null);
        exitHook.run();
      } else if (path.equals("/v1/chat/completions") && ex.getRequestMethod().equals("POST")) {
        chat(ex, body);
      } else {
        send(ex, 404, error("no route " + path, "invalid_request_error"), null);
      }
    }
  }

  private void chat(HttpExchange ex, byte[] raw) throws IOException {
    long k = chatRequests.incrementAndGet();
    arrivals.add(System.nanoTime());
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    lastAuthorization = auth;
    int now = inFlight.incrementAndGet();
    peakInFlight.accumulateAndGet(now, Math::max);
    // a request leaves "in flight" before its answer is written, as in latency_server.py: the
    // client may send its next request as soon as it reads this answer
    boolean counted = true;
    try {
      JsonNode body;
      try {
        body = JSON.readTree(raw);
        lastBody = body;
      } catch (IOException e) {
        counted = leave();
        send(ex, 400, error("body is not JSON: " + e.getMessage(), "invalid_request_error"), null);
        return;
      }
      if (requiredKey != null && !("Bearer " + requiredKey).equals(auth)) {
        counted = leave();
        // like some servers, echo what was sent: the client must redact it
        send(ex, 401, error("Incorrect API key provided: " + auth, "invalid_request_error"),
            null);
        return;
      }
      if (now > maxConcurrency) {
        counted = leave();
        send(ex, 429, error("too many concurrent requests (" + now + ")", "rate_limit_error"),
            overloadRetryAfter);
        return;
      }
      if (hangAll || hangNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        try {
          hangRelease.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return; // never answered: the exchange closes with the connection
      }
      sleep(latencyMillis.getAsLong());
      counted = leave();
      if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        send(ex, failNextStatus, error("injected " + failNextStatus + " (request " + k + ")",
            "server_error"), failNextStatus == 500 ? null : retryAfter);
        return;
      }
      for (int status : new int[] {429, 503, 500}) {
        Double rate = errorRates.get(status);
        if (rate != null && Math.floor(k * rate) > Math.floor((k - 1) * rate)) {
          send(ex, status, error("injected " + status + " (request " + k + ")",
              status == 429 ? "rate_limit_error" : "server_error"),
              status == 500 ? null : retryAfter);
          return;
        }
      }
      ok.incrementAndGet();
      send(ex, 200, completion(k, body, echoAuthorization ? auth : null), null);
    } finally {
      if (counted) {
        leave();
      }
    }
  }

  private boolean leave() {
    inFlight.decrementAndGet();
    return false;
  }

  private static String completion(long k, JsonNode body, String echoedAuth) {
    JsonNode messages = body.path("messages");
    String prompt = messages.path(messages.size() - 1).path("content").asText("");
    String reply = "echo: " + prompt;
    if (echoedAuth != null) {
      reply += " (you sent Authorization: " + echoedAuth + "; your key is "
          + echoedAuth.substring(echoedAuth.indexOf(' ') + 1) + ")";
    }
    int promptTokens = Math.max(1, prompt.length() / 4);
    int completionTokens = Math.max(1, reply.length() / 4);
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + k).put("object", "chat.completion")
        .put("model", body.path("model").asText("sim-model"));
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", reply);
    root.putObject("usage").put("prompt_tokens", promptTokens)
        .put("completion_tokens", completionTokens)
        .put("total_tokens", promptTokens + completionTokens);
    return root.toString();
  }

  private static String error(String message, String type) {
    ObjectNode root = JSON.createObjectNode();
    root.putObject("error").put("message", message).put("type", type);
    return root.toString();
  }

  private void send(HttpExchange ex, int status, String json, String retryAfterValue)
      throws IOException {
    countStatus(status);
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfterValue != null) {
      ex.getResponseHeaders().set("Retry-After", retryAfterValue);
    }
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private void countStatus(int status) {
    byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  private static void sleep(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
