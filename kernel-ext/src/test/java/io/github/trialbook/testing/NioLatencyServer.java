package io.github.trialbook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Java twin of {@code latency_server.py} for the io benchmark's absolute figure: HTTP/1.1
 * keep-alive on 127.0.0.1, {@code POST /v1/chat/completions} answered with a small
 * {@code chat.completion} (echoing the last message) a fixed latency after the request arrived,
 * {@code GET /health}, {@code GET /stats} ({@code chat_requests}, {@code peak_in_flight},
 * {@code connections_opened}) and {@code POST /reset}.
 *
 * <p>Design note. One selector thread accepts and reads; a complete request is parsed there and
 * put on a {@link DelayQueue}; one timer thread takes each answer when due (park precision, not
 * the selector's millisecond timeouts) and writes it straight to the socket. A connection carries
 * one request at a time (clients here never pipeline), so the two threads never touch the same
 * connection's buffers at once: the reader hands a request over, the writer answers it and only
 * then may the client send the next. Run it with {@code ModelServerMain nio PORT LATENCY_MS}.
 */
public final class NioLatencyServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ServerSocketChannel server;
  private final Selector selector;
  private final long latencyNanos;
  private final DelayQueue<Due> due = new DelayQueue<>();
  private final AtomicLong chatRequests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger peakInFlight = new AtomicInteger();
  private final AtomicLong connections = new AtomicLong();
  private final Thread reader;
  private final Thread writer;
  private volatile boolean closed;

  private record Due(SocketChannel channel, byte[] response, long atNanos) implements Delayed {
    @Override
    public long getDelay(TimeUnit unit) {
      return unit.convert(atNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed o) {
      return Long.compare(atNanos, ((Due) o).atNanos);
    }
  }

  public NioLatencyServer(int port, long latencyMillis) throws IOException {
    latencyNanos = TimeUnit.MILLISECONDS.toNanos(latencyMillis);
    selector = Selector.open();
    server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    reader = new Thread(this::readLoop, "nio-latency-reader");
    writer = new Thread(this::writeLoop, "nio-latency-writer");
    reader.setDaemon(true);
    writer.setDaemon(true);
    reader.start();
    writer.start();
  }

  public int port() {
    return server.socket().getLocalPort();
  }

  private void readLoop() {
    ByteBuffer scratch = ByteBuffer.allocateDirect(64 * 1024);
    try {
      while (!closed) {
        selector.select();
        for (SelectionKey key : selector.selectedKeys()) {
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            SocketChannel c = server.accept();
            if (c != null) {
              connections.incrementAndGet();
              c.configureBlocking(false);
              c.setOption(StandardSocketOptions.TCP_NODELAY, true);
              c.register(selector, SelectionKey.OP_READ, new StringBuilder());
            }
          } else if (key.isReadable()) {
            read(key, scratch);
          }
        }
        selector.selectedKeys().clear();
      }
    } catch (IOException | RuntimeException e) {
      if (!closed) {
        e.printStackTrace();
      }
    }
  }

  private void read(SelectionKey key, ByteBuffer scratch) throws IOException {
    SocketChannel c = (SocketChannel) key.channel();
    StringBuilder pending = (StringBuilder) key.attachment();
    scratch.clear();
    int n;
    try {
      n = c.read(scratch);
    } catch (IOException e) {
      n = -1;
    }
    if (n < 0) {
      key.cancel();
      c.close();
      return;
    }
    scratch.flip();
    byte[] bytes = new byte[scratch.remaining()];
    scratch.get(bytes);
    pending.append(new String(bytes, StandardCharsets.ISO_8859_1));
    int headEnd = pending.indexOf("\r\n\r\n");
    if (headEnd < 0) {
      return;
    }
    String head = pending.substring(0, headEnd);
    int length = contentLength(head);
    if (pending.length() < headEnd + 4 + length) {
      return;
    }
    String body = pending.substring(headEnd + 4, headEnd + 4 + length);
    pending.delete(0, headEnd + 4 + length);
    answer(c, head.substring(0, head.indexOf("\r\n") < 0 ? head.length() : head.indexOf("\r\n")),
        body.getBytes(StandardCharsets.ISO_8859_1));
  }

  private void answer(SocketChannel c, String requestLine, byte[] body) throws IOException {
    String[] parts = requestLine.split(" ");
    String path = parts.length > 1 ? parts[1] : "";
    if (path.startsWith("/v1/chat/completions")) {
      long k = chatRequests.incrementAndGet();
      peakInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
      due.add(new Due(c, response(200, completion(k, body)), System.nanoTime() + latencyNanos));
    } else if (path.startsWith("/health")) {
      write(c, response(200, "{\"status\":\"ok\"}"));
    } else if (path.startsWith("/stats")) {
      write(c, response(200, String.format(Locale.ROOT, "{\"chat_requests\":%d,"
          + "\"peak_in_flight\":%d,\"connections_opened\":%d}", chatRequests.get(),
          peakInFlight.get(), connections.get())));
    } else if (path.startsWith("/reset")) {
      chatRequests.set(0);
      peakInFlight.set(inFlight.get());
      connections.set(0);
      write(c, response(200, "{\"status\":\"reset\"}"));
    } else {
      write(c, response(404, "{\"error\":{\"message\":\"no route\"}}"));
    }
  }

  private void writeLoop() {
    try {
      while (!closed) {
        Due d = due.take();
        inFlight.decrementAndGet(); // before the answer, as latency_server.py counts
        write(d.channel(), d.response());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(SocketChannel c, byte[] response) {
    ByteBuffer buf = ByteBuffer.wrap(response);
    try {
      while (buf.hasRemaining()) {
        if (c.write(buf) == 0) {
          Thread.onSpinWait(); // a full socket buffer: rare on loopback with small answers
        }
      }
    } catch (IOException gone) {
      // the client went away; nothing to answer
    }
  }

  private static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static byte[] response(int status, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("HTTP/1.1 " + status + (status == 200 ? " OK" : " Not Found")
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
    byte[] out = new byte[head.length + body.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(body, 0, out, head.length, body.length);
    return out;
  }

  private static String completion(long k, byte[] body) {
    String prompt = "";
    try {
      JsonNode messages = JSON.readTree(body).path("messages");
      prompt = messages.path(messages.size() - 1).path("content").asText("");
    } catch (IOException e) {
      // not JSON: echo nothing
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-" + k).put("object", "chat.completion").put("model", "nio-latency");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", "echo: " + prompt);
    int promptTokens = Math.max(1, prompt.length() / 4);
    root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", 2)
        .put("total_tokens", promptTokens + 2);
    return root.toString();
  }

  @Override
  public void close() throws IOException {
    closed = true;
    writer.interrupt();
    selector.wakeup();
    server.close();
    selector.close();
  }
}
