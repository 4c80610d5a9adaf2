package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.trialbook.testing.ModelServerMain;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start and stop commands run as real subprocesses: a JVM serving the simulator. */
class RecoveryCommandTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir
  java.nio.file.Path logs;

  private Endpoint serverOnPort(int port, int maxRestarts, String... startArgs) {
    return Endpoint.builder("http://127.0.0.1:" + port + "/v1", "sim-model").name("child")
        .healthUrl("http://127.0.0.1:" + port + "/health")
        .healthInterval(Duration.ofMillis(150))
        .failuresBeforeDown(2)
        .start(ModelServerMain.command(startArgs))
        .stop(ModelServerMain.command("stop", String.valueOf(port)))
        .startTimeout(Duration.ofSeconds(60))
        .maxRestarts(maxRestarts)
        .build();
  }

  @Test
  void aCrashedServerIsRestartedByItsCommandsAndServesAgain() throws Exception {
    int port = ModelServerMain.freePort();
    try (EndpointPool pool = EndpointPool.builder()
        .endpoint(serverOnPort(port, 2, "serve", String.valueOf(port), "5"))
        .commandLogs(logs)
        .maxWait(Duration.ofSeconds(60))
        .build()) {
      assertThat(pool.status().endpoint("child").state()).isEqualTo(EndpointStatus.State.UP);
      assertThat(pool.chat(ChatRequest.user("before")).text()).isEqualTo("echo: before");

      post(port, "/admin/exit"); // the server process dies
      await(pool, s -> s.restarts() == 1 && s.state() == EndpointStatus.State.UP);

      assertThat(pool.chat(ChatRequest.user("after")).text()).isEqualTo("echo: after");
      assertThat(pool.status().endpoint("child").restarts()).isEqualTo(1);
    }
    // close ran the stop command: nothing answers on the port any more
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> post(port, "/health")))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void restartsAreBoundedAndAFailingStartLeavesTheEndpointDown() throws Exception {
    int port = ModelServerMain.freePort();
    try (EndpointPool pool = EndpointPool.builder()
        .endpoint(serverOnPort(port, 1, "no-such-mode"))
        .commandLogs(logs)
        .maxWait(Duration.ofMillis(100))
        .build()) {
      EndpointStatus first = pool.status().endpoint("child");
      assertThat(first.state()).isEqualTo(EndpointStatus.State.DOWN);
      assertThat(first.downReason()).startsWith("at start: start command exited with code 2")
          .contains(logs.toString());

      await(pool, s -> s.restarts() == 1 && s.state() == EndpointStatus.State.DOWN);
      Thread.sleep(600); // several more failed probes: no further restart
      assertThat(pool.status().endpoint("child").restarts()).isEqualTo(1);
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
          () -> pool.chat(ChatRequest.user("x")))).isInstanceOf(NoEndpointAvailableException.class);
    }
  }

  @Test
  void aServerThatIsNotHealthyWithinTheStartTimeoutIsDownSayingSo() throws Exception {
    int port = ModelServerMain.freePort();
    int elsewhere = ModelServerMain.freePort();
    Endpoint e = Endpoint.builder("http://127.0.0.1:" + port + "/v1", "sim-model").name("child")
        .healthUrl("http://127.0.0.1:" + port + "/health")
        .start(ModelServerMain.command("serve", String.valueOf(elsewhere))) // the wrong port
        .startTimeout(Duration.ofMillis(1500))
        .maxRestarts(0)
        .build();
    try (EndpointPool pool = EndpointPool.builder().endpoint(e).commandLogs(logs)
        .maxWait(Duration.ofMillis(100)).build()) {
      assertThat(org.assertj.core.api.Assertions.catchThrowable(
          () -> pool.chat(ChatRequest.user("x"))))
          .isInstanceOf(NoEndpointAvailableException.class)
          .hasMessageContaining("child down (at start: not healthy 1.5 s after the start command "
              + "(last probe: ConnectException")
          .hasMessageContaining("output in " + logs);
    }
  }

  private static void await(EndpointPool pool, Predicate<EndpointStatus> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.test(pool.status().endpoint("child"))) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("endpoint never reached the state: " + pool.status().toText());
      }
      Thread.sleep(20);
    }
  }

  private void post(int port, String path) throws Exception {
    http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
