package io.github.trialbook.spark;

import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import io.github.trialbook.internal.DaemonThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver's end of the live view: a socket the tasks of one run report to
 * ({@link FeedReporter}); it keeps, per task attempt, its executor and host, its done trials and
 * what it runs now. An attempt whose connection ends is marked ended with its last report, which
 * is how the driver counts the trials of lost attempts. Lines without the run's token are ignored.
 */
final class StatusFeed implements AutoCloseable {
  /** One task attempt, as last reported. */
  static final class Attempt {
    final int partition;
    final int attempt;
    final String executor;
    final String host;
    volatile long done;
    volatile List<RunningTask> running = List.of();
    volatile boolean ended;
    /** The trials it was running when its connection ended. */
    volatile int runningAtEnd;

    Attempt(int partition, int attempt, String executor, String host) {
      this.partition = partition;
      this.attempt = attempt;
      this.executor = executor;
      this.host = host;
    }
  }

  private final ServerSocket server;
  private final String token = UUID.randomUUID().toString();
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final String address;

  private StatusFeed(ServerSocket server, String host) {
    this.server = server;
    this.address = host + ":" + server.getLocalPort();
  }

  /** Listens on {@code host} (the driver's address as executors know it), any free port. */
  static StatusFeed open(String host, String runName) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(host));
    StatusFeed feed = new StatusFeed(server, host);
    DaemonThreads.daemon(feed::accept, "trialbook-" + runName + "-spark-feed").start();
    return feed;
  }

  String address() {
    return address;
  }

  String token() {
    return token;
  }

  List<Attempt> attempts() {
    return new ArrayList<>(attempts.values());
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        DaemonThreads.daemon(() -> read(s), "trialbook-spark-feed-reader").start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void read(Socket s) {
    Attempt a = null;
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
        StandardCharsets.UTF_8))) {
      String[] hello = in.readLine().split("\t", -1);
      if (hello.length != 6 || !"H".equals(hello[0]) || !token.equals(hello[1])) {
        return;
      }
      a = new Attempt(Integer.parseInt(hello[2]), Integer.parseInt(hello[3]), hello[4],
          hello[5]);
      attempts.put(a.partition + "." + a.attempt, a);
      readReports(in, a);
    } catch (IOException | RuntimeException e) {
      // a lost executor resets the connection: the attempt ends with its last report
    } finally {
      if (a != null) {
        a.runningAtEnd = a.running.size();
        a.running = List.of();
        a.ended = true;
      }
    }
  }

  private static void readReports(BufferedReader in, Attempt a) throws IOException {
    int worker = executorNumber(a.executor);
    String note = "executor " + a.executor + " on " + a.host + ", task " + a.partition + "."
        + a.attempt;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] f = line.split("\t", -1);
      if ("S".equals(f[0]) && f.length == 3) {
        a.done = Long.parseLong(f[1]);
        int n = Integer.parseInt(f[2]);
        List<RunningTask> running = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          String[] r = in.readLine().split("\t", -1);
          running.add(new RunningTask(worker, r[1], r[2], r[3], Integer.parseInt(r[4]),
              Boolean.parseBoolean(r[5]), Long.parseLong(r[6]), note));
        }
        a.running = running;
      }
    }
  }

  /** Executor ids are numbers on a cluster; the local mode's one is "driver" (0). */
  static int executorNumber(String executor) {
    try {
      return Integer.parseInt(executor);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // nothing listens any more either way
    }
  }
}
