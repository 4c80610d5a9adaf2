package io.github.trialbook.bench;

import io.github.trialbook.endpoint.ChatRequest;
import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import io.github.trialbook.endpoint.RateLimitedException;
import io.github.trialbook.testing.ModelServerSimulator;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The 429 share of an adaptive endpoint against a server with a hidden concurrency limit, with
 * and without slow start: {@code --callers} threads (default 64) send {@code --n} requests
 * (default 2,000) through a pool whose endpoint allows {@code maxConcurrency} 64,
 * {@code adaptive(1)}, to {@link ModelServerSimulator} answering after {@code --latency-ms}
 * (default 50) and with 429 beyond {@code --hidden} (default 12) in flight. A 429 is not retried
 * (the caller takes the next request), so every request is one answer. Printed per run: the
 * 429 share of the requests sent in the first second, after it, and in the whole run.
 *
 * <p>Run: {@code bin/bench slowStart [--n 2000] [--hidden 12] [--latency-ms 50] [--reps 3]}.
 */
public final class SlowStartBenchmark {
  private SlowStartBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = Bench.intArg(args, "--n", 2000);
    int hidden = Bench.intArg(args, "--hidden", 12);
    int latencyMs = Bench.intArg(args, "--latency-ms", 50);
    int callers = Bench.intArg(args, "--callers", 64);
    int reps = Bench.intArg(args, "--reps", 3);
    System.out.printf(Locale.ROOT, "slow start: %,d requests, %d callers, maxConcurrency 64 "
        + "adaptive(1), server takes %d at once, %d ms latency, JDK %s, %d cores%n", n, callers,
        hidden, latencyMs, Runtime.version(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "%-15s %4s %22s %22s %22s %8s%n", "limit", "rep",
        "429 in first second", "429 after it", "429 in the whole run", "seconds");
    for (int rep = 1; rep <= reps; rep++) {
      for (boolean slowStart : new boolean[] {false, true}) {
        run(slowStart, rep, n, hidden, latencyMs, callers);
      }
    }
  }

  private static void run(boolean slowStart, int rep, int n, int hidden, int latencyMs,
      int callers) throws Exception {
    // per request: when it was sent (nanos after t0) and whether it was answered 429
    AtomicLongArray sentAt = new AtomicLongArray(n);
    boolean[] throttled = new boolean[n];
    try (ModelServerSimulator sim = ModelServerSimulator.start()
        .latency(Duration.ofMillis(latencyMs)).maxConcurrency(hidden, null);
        EndpointPool pool = EndpointPool.builder()
            .endpoint(Endpoint.builder(sim.baseUrl(), "m").name("hosted").maxConcurrency(64)
                .adaptive(1).slowStart(slowStart).build())
            .build()) {
      ExecutorService threads = Executors.newFixedThreadPool(callers);
      AtomicInteger next = new AtomicInteger();
      long t0 = System.nanoTime();
      for (int c = 0; c < callers; c++) {
        threads.execute(() -> {
          for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
            sentAt.set(i, System.nanoTime() - t0);
            try {
              pool.chat(ChatRequest.user("request " + i));
            } catch (RateLimitedException e) {
              throttled[i] = true; // each index is written by one thread, read after the join
            } catch (InterruptedException e) {
              return;
            }
          }
        });
      }
      threads.shutdown();
      if (!threads.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new IllegalStateException("the run did not end within 10 minutes");
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      if (sim.chatRequests() != n || sim.responses(429) + sim.okResponses() != n) {
        throw new IllegalStateException("the server saw " + sim.chatRequests() + " requests, "
            + sim.okResponses() + " ok and " + sim.responses(429) + " 429, expected " + n);
      }
      int[] first = new int[2];
      int[] after = new int[2];
      for (int i = 0; i < n; i++) {
        int[] bucket = sentAt.get(i) < 1_000_000_000L ? first : after;
        bucket[0]++;
        bucket[1] += throttled[i] ? 1 : 0;
      }
      System.out.printf(Locale.ROOT, "%-15s %4d %22s %22s %22s %8.2f%n",
          slowStart ? "slow start" : "from the max", rep, share(first), share(after),
          share(new int[] {n, first[1] + after[1]}), seconds);
    }
  }

  private static String share(int[] sentAndThrottled) {
    return String.format(Locale.ROOT, "%d/%d = %.1f %%", sentAndThrottled[1], sentAndThrottled[0],
        sentAndThrottled[0] == 0 ? 0.0 : 100.0 * sentAndThrottled[1] / sentAndThrottled[0]);
  }
}
