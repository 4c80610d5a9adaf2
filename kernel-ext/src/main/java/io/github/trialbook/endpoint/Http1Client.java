package io.github.trialbook.endpoint;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * HTTP/1.1 with keep-alive for plain {@code http://} endpoints (local and LAN model servers), where
 * the calling thread writes the request and reads the answer on a connection it holds alone: one
 * thread wake-up per request, when the answer arrives. The JDK client reads every answer on its
 * selector thread and then wakes the caller; on this project's 2-core benchmark VM that extra
 * hand-off capped 64 requests in flight at 0.97 of the ideal rate against 0.986 here (see
 * EndpointIoBenchmark). TLS and HTTP/2 ({@code https://}) stay with the JDK client.
 *
 * <p>Behaves like {@code HttpClient.send} where it matters to callers: the request's deadline
 * ends in {@link HttpTimeoutException} with the connection closed (the server sees the request
 * cancelled), an interrupt closes the connection and ends in {@link InterruptedException}, and a
 * kept-alive connection the server had closed meanwhile is replaced once, transparently.
 * Thread-safe.
 */
final class Http1Client implements AutoCloseable {
  /** Below common server keep-alive timeouts (uvicorn: 5 s), so reuse rarely meets a closed socket. */
  static final Duration IDLE_LIMIT = Duration.ofSeconds(4);

  private final int connectTimeoutMillis;
  private final long idleLimitNanos;
  private final Map<String, Deque<Http1Connection>> idle = new ConcurrentHashMap<>();
  private volatile boolean closed;

  /** Idle connections older than {@code idleLimit} are closed instead of reused. */
  Http1Client(Duration connectTimeout, Duration idleLimit) {
    this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.idleLimitNanos = idleLimit.toNanos();
  }

  /**
   * Sends {@code body} to {@code uri} ({@code http} only) with {@code headers} (name, value,
   * name, value, ...) and waits at most {@code timeout} for the whole answer.
   */
  HttpReply send(String method, URI uri, List<String> headers, byte[] body, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int port = uri.getPort() < 0 ? 80 : uri.getPort();
    String authority = uri.getHost() + ":" + port;
    ByteBuffer head = head(method, uri, headers, body.length);
    Deque<Http1Connection> pool = idle.computeIfAbsent(authority,
        k -> new ConcurrentLinkedDeque<>());
    Http1Connection c = takeIdle(pool);
    boolean reused = c != null;
    try {
      while (true) {
        if (c == null) {
          c = Http1Connection.open(new InetSocketAddress(uri.getHost(), port), authority,
              connectTimeoutMillis);
        }
        Http1Connection.Exchange x;
        try {
          x = c.exchange(method, head.duplicate(), body, deadline);
        } catch (IOException e) {
          if (!reused || c.answered() || e instanceof SocketTimeoutException
              || e instanceof ClosedByInterruptException || !closedBeforeAnswer(e)) {
            throw e;
          }
          // the server had closed this kept-alive connection before our request reached it:
          // nothing was answered, so send it once more on a fresh connection
          c.close();
          c = null;
          reused = false;
          continue;
        }
        if (x.keepAlive() && !closed) {
          c.idleSinceNanos = System.nanoTime();
          pool.addFirst(c); // most recently used first: its socket is the warmest
        } else {
          c.close();
        }
        return x.reply();
      }
    } catch (ClosedByInterruptException e) {
      Thread.interrupted(); // HttpClient.send's contract: the interrupt becomes the exception
      throw new InterruptedException("request to " + authority + " interrupted");
    } catch (HttpTimeoutException e) {
      throw e; // connecting timed out: nothing to close
    } catch (SocketTimeoutException e) {
      close(c);
      HttpTimeoutException t = new HttpTimeoutException("request to " + authority
          + " timed out");
      t.initCause(e);
      throw t;
    } catch (IOException | RuntimeException e) {
      close(c);
      if (Thread.interrupted()) {
        throw new InterruptedException("request to " + authority + " interrupted");
      }
      throw e;
    }
  }

  private static void close(Http1Connection c) {
    if (c != null) {
      c.close();
    }
  }

  private static boolean closedBeforeAnswer(IOException e) {
    String m = String.valueOf(e.getMessage());
    return e instanceof EOFException || m.contains("reset") || m.contains("Broken pipe");
  }

  private Http1Connection takeIdle(Deque<Http1Connection> pool) {
    Http1Connection c;
    while ((c = pool.pollFirst()) != null) {
      if (System.nanoTime() - c.idleSinceNanos < idleLimitNanos) {
        return c;
      }
      c.close();
    }
    return null;
  }

  /** The request line and headers, in one buffer so that the request leaves in one write. */
  private static ByteBuffer head(String method, URI uri, List<String> headers, int length) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    StringBuilder h = new StringBuilder(256).append(method).append(' ').append(path);
    if (uri.getRawQuery() != null) {
      h.append('?').append(uri.getRawQuery());
    }
    h.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
    if (uri.getPort() >= 0) {
      h.append(':').append(uri.getPort());
    }
    h.append("\r\nUser-Agent: trialbook\r\n");
    for (int i = 0; i + 1 < headers.size(); i += 2) {
      String name = headers.get(i);
      String value = headers.get(i + 1);
      if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
        // the value may be a secret: name the header, never print the value
        throw new IllegalArgumentException("HTTP header " + name + " contains a line break; "
            + "remove it from the value (an API key read from the environment, for example)");
      }
      h.append(name).append(": ").append(value).append("\r\n");
    }
    if (length > 0 || method.equals("POST") || method.equals("PUT")) {
      h.append("Content-Length: ").append(length).append("\r\n");
    }
    h.append("\r\n");
    return ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Closes the idle connections; those in use close when their request ends. */
  @Override
  public void close() {
    closed = true;
    for (Deque<Http1Connection> pool : idle.values()) {
      Http1Connection c;
      while ((c = pool.pollFirst()) != null) {
        c.close();
      }
    }
  }
}
