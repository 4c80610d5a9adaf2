package io.github.trialbook.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves a {@link ModelServerSimulator} as its own process, for tests of start/stop commands and
 * for benchmarks that keep the server off the client's JVM.
 *
 * <pre>
 * java -cp CP io.github.trialbook.testing.ModelServerMain serve PORT [LATENCY_MS]
 *     prints the port on the first stdout line; POST /admin/exit ends the process at once
 * java -cp CP io.github.trialbook.testing.ModelServerMain nio PORT LATENCY_MS
 *     serves a {@link NioLatencyServer} instead (the io benchmark's tighter Java server)
 * java -cp CP io.github.trialbook.testing.ModelServerMain stop PORT
 *     posts /admin/exit to 127.0.0.1:PORT; exits 0 whether or not a server was there
 * </pre>
 */
public final class ModelServerMain {
  private ModelServerMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length >= 2 && args[0].equals("serve")) {
      ModelServerSimulator sim = ModelServerSimulator.start(Integer.parseInt(args[1]));
      if (args.length >= 3) {
        sim.latency(Duration.ofMillis(Long.parseLong(args[2])));
      }
      sim.onAdminExit(() -> Runtime.getRuntime().halt(0));
      System.out.println(sim.port());
      System.out.flush();
      Thread.currentThread().join(); // serve until killed or told to exit
    } else if (args.length == 3 && args[0].equals("nio")) {
      NioLatencyServer server = new NioLatencyServer(Integer.parseInt(args[1]),
          Long.parseLong(args[2]));
      System.out.println(server.port());
      System.out.flush();
      Thread.currentThread().join();
    } else if (args.length == 2 && args[0].equals("stop")) {
      try {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + Integer.parseInt(args[1]) + "/admin/exit"))
                .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException alreadyGone) {
        // nothing was listening: stopped already
      }
    } else {
      // like many servers, it echoes its arguments: a start command's log must be scrubbed
      System.err.println("usage: ModelServerMain serve PORT [LATENCY_MS] | nio PORT LATENCY_MS"
          + " | stop PORT (got: " + String.join(" ", args) + ")");
      System.exit(2);
    }
  }

  /** The command line that runs this main with the current JVM and classpath. */
  public static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse(
        System.getProperty("java.home") + "/bin/java"));
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ModelServerMain.class.getName());
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** A free loopback port (closed again, so a child process can bind it). */
  public static int freePort() throws IOException {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}
