package io.github.trialbook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.endpoint.ChatMessage;
import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.ChatResult;
import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.testing.ModelServerMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * The anchors' {@code io} workload through Trialbook: N chat-completion POSTs to a server that
 * answers after 50 ms, as a one-stage batch ({@code pool.chat}) at parallelism P. Figure:
 * efficiency = ⌈N/P⌉ × 50 ms / wall time (1.0 = every request slot busy all the time). Each
 * measurement checks that every trial succeeded and that the server saw exactly N requests and
 * never more than P at once.
 *
 * <p>Implementations, round-robin over {@code --reps} (after {@code --warmup} untimed runs of
 * each Java one, default 3: the JIT keeps compiling the HTTP client's paths for some 10,000
 * requests, and a kernel that has run a few batches has that behind it, and its idle worker
 * threads: a first batch also starts P threads, about 30 ms for 256 on a 2-core VM):
 * <ul>
 *   <li>{@code trialbook-batch@python}: the batch against {@code latency_server.py} (the anchors'
 *       server, a fresh process per measurement, as the anchors do);
 *   <li>{@code pool-threads@python}: the same pool driven by P plain threads, no engine (what the
 *       engine costs on top of the client);
 *   <li>{@code trialbook-batch@java-nio}: the batch against {@code NioLatencyServer} in its own
 *       JVM (one for the whole run), for an absolute figure less bound by the server: wrk
 *       reaches about 0.975 against it at 64 connections, 0.95 against latency_server.py;
 *   <li>with {@code --python}: the Python anchors ({@code anchors.py io --impl ...}: urllib,
 *       http.client keep-alive, aiohttp), each in a fresh interpreter against its own
 *       {@code latency_server.py}, in the same round-robin.
 * </ul>
 *
 * <p>Run (from the worktree, after {@code mvn -o -pl kernel-ext test-compile}):
 * <pre>
 * mvn -q -o -pl kernel-ext dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -Dmdep.includeScope=test
 * java -cp kernel-ext/target/test-classes:kernel-ext/target/classes:$(cat /tmp/cp.txt) \
 *     io.github.trialbook.bench.EndpointIoBenchmark --n 2000 --parallelism 64 --reps 3 --python
 * </pre>
 * Options: {@code --n}, {@code --parallelism}, {@code --reps}, {@code --latency-ms},
 * {@code --warmup}, {@code --anchors DIR} (default ../shared/anchors, beside the repository),
 * {@code --python} (run the anchors too), {@code --virtual} (the batch on virtual threads, JDK 21+),
 * {@code --only a,b} (substrings of implementation names).
 */
public final class EndpointIoBenchmark {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PYTHON_IMPLS =
      List.of("threadpool-urllib", "threadpool-httpclient-keepalive", "asyncio-aiohttp");

  private EndpointIoBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = Bench.intArg(args, "--n", 2000);
    int p = Bench.intArg(args, "--parallelism", 64);
    int reps = Bench.intArg(args, "--reps", 3);
    int latencyMs = Bench.intArg(args, "--latency-ms", 50);
    int warmups = Bench.intArg(args, "--warmup", 3);
    Path anchors = Path.of(Bench.stringArg(args, "--anchors", "../shared/anchors"));
    boolean python = Arrays.asList(args).contains("--python");
    virtual = Arrays.asList(args).contains("--virtual");
    String only = Bench.stringArg(args, "--only", "");
    double ideal = Math.ceil((double) n / p) * latencyMs / 1000.0;
    System.out.printf(Locale.ROOT, "io: %,d POSTs at %d ms, parallelism %d, ideal %.3f s, %d reps"
        + " after %d warm-ups, JDK %s, %d cores, load average %.2f%n", n, latencyMs, p, ideal, reps,
        warmups, Runtime.version(), Runtime.getRuntime().availableProcessors(),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    Map<String, Measure> impls = new LinkedHashMap<>();
    impls.put("trialbook-batch@python", () -> javaRun(Server.python(anchors, latencyMs), n, p,
        true));
    impls.put("pool-threads@python", () -> javaRun(Server.python(anchors, latencyMs), n, p,
        false));
    // one Java server for the whole run, warmed by the warm-up: a fresh JVM per measurement
    // would time its JIT compiler, not its sockets
    Server javaServer = Server.java(latencyMs);
    impls.put("trialbook-batch@java-nio", () -> javaRun(javaServer, n, p, true));
    impls.put("pool-threads@java-nio", () -> javaRun(javaServer, n, p, false));
    if (python) {
      for (String impl : PYTHON_IMPLS) {
        impls.put("python:" + impl, () -> pythonRun(anchors, impl, n, p, latencyMs));
      }
    }
    impls.keySet().removeIf(k -> !only.isEmpty()
        && Arrays.stream(only.split(",")).noneMatch(k::contains));

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    try {
      for (int w = 0; w < warmups; w++) {
        for (Map.Entry<String, Measure> e : impls.entrySet()) {
          if (!e.getKey().startsWith("python:")) {
            e.getValue().run(); // warm-up, untimed
          }
        }
      }
      for (int rep = 1; rep <= reps; rep++) {
        for (Map.Entry<String, Measure> e : impls.entrySet()) {
          lastClientCpuSeconds = Double.NaN;
          double s = e.getValue().run();
          seconds.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
          System.out.printf(Locale.ROOT, "  rep %d %-42s %.4f s  efficiency %.4f%s%n", rep,
              e.getKey(), s, ideal / s, Double.isNaN(lastClientCpuSeconds) ? ""
                  : String.format(Locale.ROOT, "  client CPU %.2f s, server %s",
                      lastClientCpuSeconds, lastServerStats));
        }
      }
    } finally {
      javaServer.stopProcess(); // also when a measurement fails
    }
    System.out.printf(Locale.ROOT, "summary (efficiency = ideal / seconds; best = max, median), "
        + "load average now %.2f:%n",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    Map<String, Double> best = new LinkedHashMap<>();
    for (Map.Entry<String, List<Double>> e : seconds.entrySet()) {
      double[] s = e.getValue().stream().mapToDouble(Double::doubleValue).sorted().toArray();
      double med = s[s.length / 2];
      best.put(e.getKey(), ideal / s[0]);
      System.out.printf(Locale.ROOT, "  %-42s efficiency best %.4f  median %.4f  (seconds best "
          + "%.4f median %.4f)%n", e.getKey(), ideal / s[0], ideal / med, s[0], med);
    }
    double bestPython = best.entrySet().stream().filter(e -> e.getKey().startsWith("python:"))
        .mapToDouble(Map.Entry::getValue).max().orElse(Double.NaN);
    if (!Double.isNaN(bestPython) && best.containsKey("trialbook-batch@python")) {
      System.out.printf(Locale.ROOT, "ratio trialbook-batch@python / best Python client (best "
          + "efficiencies, same server, same run): %.3f%n",
          best.get("trialbook-batch@python") / bestPython);
    }
  }

  /** {@code --virtual}: the Trialbook batch runs its workers on virtual threads (JDK 21+). */
  static boolean virtual;

  @FunctionalInterface
  interface Measure {
    double run() throws Exception;
  }

  static ChatRequest request(int i) {
    return ChatRequest.of(ChatMessage.system("Classify the sentiment."),
        ChatMessage.user("review " + i + ": the plot was thin but the acting was fine"))
        .withModel("bench-model");
  }

  /** One measurement: seconds of wall time for N requests through the pool. */
  static double javaRun(Server server, int n, int p, boolean batch) throws Exception {
    try (server; EndpointPool pool = EndpointPool.builder()
        .endpoint(Endpoint.builder(server.base + "/v1", "bench-model").name("bench")
            .maxConcurrency(p).healthUrl(server.base + "/health")
            .requestTimeout(Duration.ofSeconds(30)).build())
        .build()) {
      server.post("/reset");
      List<Integer> inputs = IntStream.range(0, n).boxed().toList();
      long cpu0 = processCpuNanos();
      long t0 = System.nanoTime();
      if (batch) {
        BatchSpec.Builder<Integer> spec = Trialbook.batch("io", inputs, Bench::id)
            .stage("llm", pool.<Integer>stage(t -> request(t.input())))
            .parallelism(p)
            .consoleProgress(false)
            .noCheckpoint(); // the anchors' io workload keeps results in memory only
        BatchResult r = Trialbook.runBatch(virtual ? spec.virtualThreads().build() : spec.build());
        if (r.ok() != n) {
          throw new IllegalStateException("io: " + r.ok() + " of " + n + " trials ok: "
              + r.failures().stream().limit(3).map(f -> f.error()).toList());
        }
      } else {
        ExecutorService threads = Executors.newFixedThreadPool(p);
        try {
          List<Future<ChatResult>> futures = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            int k = i;
            futures.add(threads.submit(() -> pool.chat(request(k))));
          }
          for (Future<ChatResult> f : futures) {
            f.get();
          }
        } finally {
          threads.shutdown();
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      lastClientCpuSeconds = (processCpuNanos() - cpu0) / 1e9;
      JsonNode stats = JSON.readTree(server.get("/stats"));
      if (stats.path("chat_requests").asLong() != n || stats.path("peak_in_flight").asInt() > p) {
        throw new IllegalStateException("server saw " + stats);
      }
      lastServerStats = "peak " + stats.path("peak_in_flight").asInt()
          + (stats.has("connections_opened") ? ", connections "
              + stats.path("connections_opened").asInt() : "");
      return seconds;
    }
  }

  /** CPU time this JVM spent in the last Java measurement (all threads, GC included). */
  static double lastClientCpuSeconds = Double.NaN;
  static String lastServerStats = "";

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  static double pythonRun(Path anchors, String impl, int n, int p, int latencyMs)
      throws Exception {
    Process proc = new ProcessBuilder("/usr/bin/python3", anchors.resolve("anchors.py").toString(),
        "io", "--impl", impl, "--n", String.valueOf(n), "--parallelism", String.valueOf(p),
        "--latency-ms", String.valueOf(latencyMs))
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (proc.waitFor() != 0) {
      throw new IllegalStateException("anchors.py io --impl " + impl + " failed");
    }
    String[] lines = out.split("\n");
    return JSON.readTree(lines[lines.length - 1]).path("seconds").asDouble();
  }

  /** A server process on a free loopback port: latency_server.py or ModelServerMain. */
  static final class Server implements AutoCloseable {
    private static final HttpClient CONTROL = HttpClient.newHttpClient();
    final Process process;
    final String base;
    private final boolean shared;

    private Server(List<String> command, boolean shared) throws IOException {
      this.shared = shared;
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8));
      String line = out.readLine();
      if (line == null || !line.strip().matches("\\d+")) {
        process.destroyForcibly();
        throw new IOException("server did not print its port: " + command + " said " + line);
      }
      base = "http://127.0.0.1:" + line.strip();
    }

    static Server python(Path anchors, int latencyMs) throws IOException {
      return new Server(List.of("/usr/bin/python3",
          anchors.resolve("latency_server.py").toString(), "0", "--latency-ms",
          String.valueOf(latencyMs)), false);
    }

    /** Shared across measurements: {@link #close()} leaves it running. */
    static Server java(int latencyMs) throws IOException {
      return new Server(ModelServerMain.command("nio", "0", String.valueOf(latencyMs)), true);
    }

    String get(String path) throws Exception {
      return CONTROL.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString()).body();
    }

    void post(String path) throws Exception {
      CONTROL.send(HttpRequest.newBuilder(URI.create(base + path))
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
      if (!shared) {
        stopProcess();
      }
    }

    void stopProcess() {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
