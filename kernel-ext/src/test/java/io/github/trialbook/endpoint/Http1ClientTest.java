package io.github.trialbook.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The plain HTTP/1.1 client against a scripted server on loopback: each connection reads requests
 * and answers each with the next scripted reply (raw bytes, so framing cases can be written out).
 */
class Http1ClientTest {
  private final Http1Client client = new Http1Client(Duration.ofSeconds(5),
      Http1Client.IDLE_LIMIT);
  private ScriptedServer server;

  @AfterEach
  void stop() throws IOException {
    client.close();
    if (server != null) {
      server.close();
    }
  }

  private HttpReply post(String body) throws Exception {
    return client.send("POST", URI.create(server.base() + "/v1/chat/completions?x=1"),
        List.of("Content-Type", "application/json"), body.getBytes(StandardCharsets.UTF_8),
        Duration.ofSeconds(5));
  }

  private static String ok(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
  }

  @Test
  void sendsAWellFormedRequestAndKeepsTheConnectionForTheNext() throws Exception {
    server = new ScriptedServer(ok("{\"a\":1}"), ok("{\"a\":2}"), ok("{\"a\":3}"));
    assertThat(new String(post("{\"q\":\"é\"}").body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":1}");
    assertThat(post("{}").status()).isEqualTo(200);
    HttpReply third = post("{}");
    assertThat(third.headers().firstValue("CONTENT-TYPE")).contains("application/json");
    assertThat(server.connections.get()).as("one kept-alive connection").isEqualTo(1);
    String first = server.requests.get(0);
    assertThat(first).startsWith("POST /v1/chat/completions?x=1 HTTP/1.1\r\n")
        .contains("Host: 127.0.0.1:" + server.port() + "\r\n")
        .contains("Content-Type: application/json\r\n")
        .contains("Content-Length: " + "{\"q\":\"é\"}".getBytes(StandardCharsets.UTF_8).length)
        .endsWith("\r\n\r\n{\"q\":\"é\"}");
  }

  @Test
  void readsChunkedBodiesWithExtensionsAndTrailers() throws Exception {
    server = new ScriptedServer("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: t\r\n\r\n", ok("next"));
    assertThat(new String(post("{}").body(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
    assertThat(new String(post("{}").body(), StandardCharsets.US_ASCII)).isEqualTo("next");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void aBodyWithoutLengthEndsWithTheConnectionWhichIsNotReused() throws Exception {
    server = new ScriptedServer("HTTP/1.1 200 OK\r\n\r\n{\"till\":\"close\"}<CLOSE>", ok("{}"));
    assertThat(new String(post("{}").body(), StandardCharsets.US_ASCII))
        .isEqualTo("{\"till\":\"close\"}");
    assertThat(post("{}").status()).isEqualTo(200);
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void connectionCloseAndHttp10AnswersAreNotReused() throws Exception {
    server = new ScriptedServer(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}",
        "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        ok("{}"));
    post("{}");
    post("{}");
    post("{}");
    assertThat(server.connections.get()).isEqualTo(3);
  }

  @Test
  void skipsInterimAnswersAndReadsLinesSplitAcrossPackets() throws Exception {
    server = new ScriptedServer("HTTP/1.1 100 Continue\r\n\r\n"
        + "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 2\r\nContent-Length: 2\r\n\r\n{}");
    server.dribble = true; // one byte per write: CR and LF arrive in different reads
    HttpReply r = post("{}");
    assertThat(r.status()).isEqualTo(429);
    assertThat(r.headers().firstValue("retry-after")).contains("2");
    assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("{}");
  }

  @Test
  void aKeptAliveConnectionTheServerClosedIsReplacedTransparently() throws Exception {
    server = new ScriptedServer(ok("{\"n\":1}"), "<CLOSE>", ok("{\"n\":2}"));
    post("{}");
    // the server closes the idle connection without answering the next request on it
    assertThat(new String(post("{}").body(), StandardCharsets.US_ASCII)).isEqualTo("{\"n\":2}");
    assertThat(server.connections.get()).isEqualTo(2);
  }

  @Test
  void aConnectionIdleLongerThanTheLimitIsClosedNotReused() throws Exception {
    server = new ScriptedServer(ok("{}"), ok("{}"), ok("{}"));
    try (Http1Client shortLived = new Http1Client(Duration.ofSeconds(5), Duration.ofMillis(100))) {
      URI uri = URI.create(server.base() + "/v1/x");
      shortLived.send("POST", uri, List.of(), new byte[0], Duration.ofSeconds(5));
      shortLived.send("POST", uri, List.of(), new byte[0], Duration.ofSeconds(5)); // reused
      assertThat(server.connections.get()).isEqualTo(1);
      Thread.sleep(300); // idle past the limit
      shortLived.send("POST", uri, List.of(), new byte[0], Duration.ofSeconds(5));
      assertThat(server.connections.get()).isEqualTo(2);
      assertThat(server.sawClientClose.await(5, TimeUnit.SECONDS))
          .as("the stale connection was closed, not leaked").isTrue();
    }
  }

  @Test
  void aFreshConnectionThatClosesWithoutAnswerIsAnErrorNotARetry() throws Exception {
    server = new ScriptedServer("<CLOSE>", ok("{}"));
    assertThatThrownBy(() -> post("{}")).isInstanceOf(IOException.class)
        .hasMessageContaining("closed the connection without answering");
    assertThat(server.connections.get()).isEqualTo(1);
  }

  @Test
  void aSilentServerEndsInATimeoutAndTheConnectionIsClosed() throws Exception {
    server = new ScriptedServer("<HANG>");
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> client.send("POST", URI.create(server.base() + "/v1/x"), List.of(),
        new byte[] {'{', '}'}, Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("timed out");
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 3000L);
    assertThat(server.sawClientClose.await(5, TimeUnit.SECONDS))
        .as("the server sees the request cancelled").isTrue();
  }

  @Test
  void anInterruptEndsTheRequestAtOnceLikeHttpClientSend() throws Exception {
    server = new ScriptedServer("<HANG>");
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();
    Thread caller = new Thread(() -> {
      try {
        client.send("POST", URI.create(server.base() + "/v1/x"), List.of(), new byte[0],
            Duration.ofSeconds(30));
      } catch (Throwable t) {
        thrown.set(t);
        flagAfter.set(Thread.currentThread().isInterrupted());
      }
    });
    caller.start();
    assertThat(server.requestSeen.await(5, TimeUnit.SECONDS)).isTrue();
    long t0 = System.nanoTime();
    caller.interrupt();
    caller.join(5_000);
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2_000);
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(flagAfter.get()).as("interrupt flag after the exception").isFalse();
    assertThat(server.sawClientClose.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void malformedAnswersAreClearErrors() throws Exception {
    server = new ScriptedServer("SSH-2.0-OpenSSH_9.2\r\n\r\n");
    assertThatThrownBy(() -> post("{}")).isInstanceOf(IOException.class)
        .hasMessageContaining("malformed HTTP status line from 127.0.0.1:" + server.port())
        .hasMessageContaining("SSH-2.0").hasMessageContaining("base URL");
    server.close();
    server = new ScriptedServer("HTTP/1.1 200 OK\r\nContent-Length: lots\r\n\r\n{}");
    assertThatThrownBy(() -> post("{}")).isInstanceOf(IOException.class)
        .hasMessageContaining("unusable Content-Length").hasMessageContaining("lots");
  }

  @Test
  void aHeaderValueWithALineBreakIsRefusedWithoutPrintingIt() throws Exception {
    server = new ScriptedServer(ok("{}"));
    assertThatThrownBy(() -> client.send("POST", URI.create(server.base() + "/v1/x"),
        List.of("Authorization", "Bearer sk-secret\r\nX-Evil: 1"), new byte[0],
        Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Authorization").hasMessageNotContaining("sk-secret");
    assertThat(server.connections.get()).as("nothing was sent").isZero();
  }

  @Test
  void aConnectThatHangsEndsInAConnectTimeout() throws Exception {
    // a listener that never accepts, its backlog filled: the next SYN is dropped and connect hangs
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<Socket> fillers = new java.util.ArrayList<>();
      try {
        boolean filled = false;
        for (int i = 0; i < 8 && !filled; i++) {
          Socket f = new Socket();
          try {
            f.connect(full.getLocalSocketAddress(), 200);
            fillers.add(f);
          } catch (java.net.SocketTimeoutException backlogFull) {
            f.close();
            filled = true;
          }
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(filled, "this OS answers connects beyond a "
            + "full backlog (Linux drops them), so no connect can be made to hang here");
        Http1Client quick = new Http1Client(Duration.ofMillis(300), Http1Client.IDLE_LIMIT);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> quick.send("GET", URI.create("http://127.0.0.1:"
            + full.getLocalPort() + "/health"), List.of(), new byte[0], Duration.ofSeconds(30)))
            .isInstanceOf(java.net.http.HttpConnectTimeoutException.class)
            .hasMessageContaining("connecting to 127.0.0.1:" + full.getLocalPort())
            .hasMessageContaining("timed out after 300 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 5000L);
      } finally {
        for (Socket f : fillers) {
          f.close();
        }
      }
    }
  }

  @Test
  void aRefusedConnectionIsAnIoError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> client.send("GET", URI.create("http://127.0.0.1:" + port + "/h"),
        List.of(), new byte[0], Duration.ofSeconds(5)))
        .isInstanceOf(java.net.ConnectException.class);
  }

  /**
   * Answers each request with the next scripted reply; {@code <CLOSE>} (alone or at the end)
   * closes the connection after writing, {@code <HANG>} reads the request and never answers.
   */
  static final class ScriptedServer implements AutoCloseable {
    final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final CountDownLatch requestSeen = new CountDownLatch(1);
    final CountDownLatch sawClientClose = new CountDownLatch(1);
    volatile boolean dribble;
    private final ServerSocket socket;
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    ScriptedServer(String... script) throws IOException {
      replies.addAll(List.of(script));
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "scripted-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    String base() {
      return "http://127.0.0.1:" + port();
    }

    private void accept() {
      try {
        while (true) {
          Socket c = socket.accept();
          connections.incrementAndGet();
          open.add(c);
          Thread t = new Thread(() -> serve(c), "scripted-connection");
          t.setDaemon(true);
          t.start();
        }
      } catch (IOException closed) {
        // server stopped
      }
    }

    private void serve(Socket c) {
      try (c) {
        InputStream in = c.getInputStream();
        OutputStream out = c.getOutputStream();
        while (true) {
          String request = readRequest(in);
          if (request == null) {
            sawClientClose.countDown();
            return;
          }
          String reply = replies.poll();
          if (reply == null || reply.equals("<CLOSE>")) {
            return;
          }
          requests.add(request);
          requestSeen.countDown();
          if (reply.equals("<HANG>")) {
            if (in.read() < 0) {
              sawClientClose.countDown();
            }
            return;
          }
          boolean close = reply.endsWith("<CLOSE>");
          byte[] bytes = reply.replace("<CLOSE>", "").getBytes(StandardCharsets.UTF_8);
          if (dribble) {
            for (byte b : bytes) {
              out.write(b);
              out.flush();
            }
          } else {
            out.write(bytes);
            out.flush();
          }
          if (close) {
            return;
          }
        }
      } catch (IOException e) {
        sawClientClose.countDown();
      }
    }

    /** Head and Content-Length body as text; null at end of stream. */
    private static String readRequest(InputStream in) throws IOException {
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      int b;
      while ((b = in.read()) >= 0) {
        head.write(b);
        byte[] h = head.toByteArray();
        int n = h.length;
        if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r'
            && h[n - 1] == '\n') {
          String text = new String(h, StandardCharsets.UTF_8);
          int length = 0;
          for (String line : text.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
              length = Integer.parseInt(line.substring(15).trim());
            }
          }
          return text + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      socket.close();
      for (Socket s : open) {
        s.close();
      }
    }
  }
}
