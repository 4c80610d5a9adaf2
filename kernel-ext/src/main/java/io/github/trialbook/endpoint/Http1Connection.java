package io.github.trialbook.endpoint;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One kept-alive HTTP/1.1 connection, used by one thread at a time. A blocking
 * {@link SocketChannel}: its reads honour a timeout (set before each read from the exchange's
 * deadline) and an interrupt closes it, so a stuck server can neither outlive the request timeout
 * nor a cancelled batch.
 */
final class Http1Connection implements AutoCloseable {
  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADER_LINES = 256;

  private final SocketChannel channel;
  private final InputStream in;
  private final String authority;
  private final byte[] buf = new byte[16 * 1024];
  private int pos;
  private int limit;
  /** Bytes of the current answer received so far: none means the server never answered. */
  private long received;
  private long deadlineNanos;
  long idleSinceNanos;

  private Http1Connection(SocketChannel channel, String authority) throws IOException {
    this.channel = channel;
    this.in = channel.socket().getInputStream();
    this.authority = authority;
  }

  static Http1Connection open(InetSocketAddress address, String authority, int connectTimeoutMillis)
      throws IOException {
    SocketChannel channel = SocketChannel.open();
    try {
      try {
        channel.socket().connect(address, connectTimeoutMillis);
      } catch (SocketTimeoutException e) {
        HttpConnectTimeoutException t = new HttpConnectTimeoutException("connecting to "
            + authority + " timed out after " + connectTimeoutMillis + " ms");
        t.initCause(e);
        throw t;
      }
      channel.socket().setTcpNoDelay(true); // requests go out in one write; do not hold them back
      return new Http1Connection(channel, authority);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Whether the answer being read has delivered any byte yet. */
  boolean answered() {
    return received > 0;
  }

  /**
   * Writes a request and reads its answer. Returns the reply and whether the connection may
   * carry another request.
   */
  Exchange exchange(String method, ByteBuffer head, byte[] body, long deadlineNanos)
      throws IOException {
    this.deadlineNanos = deadlineNanos;
    received = 0;
    ByteBuffer[] out = body.length == 0 ? new ByteBuffer[] {head}
        : new ByteBuffer[] {head, ByteBuffer.wrap(body)};
    long remaining = head.remaining() + (long) body.length;
    while (remaining > 0) {
      remaining -= channel.write(out);
    }
    return readReply(method);
  }

  record Exchange(HttpReply reply, boolean keepAlive) {}

  private Exchange readReply(String method) throws IOException {
    while (true) {
      String statusLine = readLine();
      int status = statusLine.startsWith("HTTP/1.") && statusLine.length() >= 12
          && statusLine.charAt(8) == ' ' ? statusCode(statusLine.substring(9, 12)) : -1;
      if (status < 0) {
        throw new IOException("malformed HTTP status line from " + authority + ": "
            + printable(statusLine) + "; check that the endpoint's base URL points at an HTTP "
            + "server (an https:// server needs https:// in the URL)");
      }
      boolean http10 = statusLine.startsWith("HTTP/1.0");
      Map<String, List<String>> headers = readHeaders();
      if (status >= 100 && status < 200) {
        continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
      }
      String connection = first(headers, "connection").toLowerCase(Locale.ROOT);
      boolean keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
      byte[] body;
      if (method.equals("HEAD") || status == 204 || status == 304) {
        body = new byte[0];
      } else if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
        body = readChunked();
      } else if (!first(headers, "content-length").isEmpty()) {
        body = readFixed(contentLength(first(headers, "content-length")));
      } else {
        body = readToEnd(); // no length: the body ends when the server closes
        keepAlive = false;
      }
      return new Exchange(new HttpReply(status, HttpHeaders.of(headers, (k, v) -> true), body),
          keepAlive);
    }
  }

  private static int statusCode(String digits) {
    for (int i = 0; i < digits.length(); i++) {
      if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
        return -1;
      }
    }
    return Integer.parseInt(digits);
  }

  private Map<String, List<String>> readHeaders() throws IOException {
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int n = 0; ; n++) {
      String line = readLine();
      if (line.isEmpty()) {
        return headers;
      }
      int colon = line.indexOf(':');
      if (colon <= 0 || n >= MAX_HEADER_LINES) {
        throw new IOException("malformed HTTP header from " + authority + ": " + printable(line));
      }
      headers.computeIfAbsent(line.substring(0, colon).strip(), k -> new ArrayList<>(1))
          .add(line.substring(colon + 1).strip());
    }
  }

  private static String first(Map<String, List<String>> headers, String name) {
    List<String> values = headers.get(name);
    return values == null ? "" : values.get(0);
  }

  private int contentLength(String value) throws IOException {
    try {
      long n = Long.parseLong(value.strip());
      if (n >= 0 && n <= Integer.MAX_VALUE - 16) {
        return (int) n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IOException("unusable Content-Length from " + authority + ": " + printable(value));
  }

  private byte[] readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String line = readLine();
      int ext = line.indexOf(';');
      int size;
      try {
        size = Integer.parseInt((ext < 0 ? line : line.substring(0, ext)).strip(), 16);
      } catch (NumberFormatException e) {
        throw new IOException("malformed chunk size from " + authority + ": " + printable(line));
      }
      if (size < 0) {
        throw new IOException("malformed chunk size from " + authority + ": " + printable(line));
      }
      if (size == 0) {
        while (!readLine().isEmpty()) {
          // trailers: not used
        }
        return body.toByteArray();
      }
      body.write(readFixed(size));
      if (!readLine().isEmpty()) {
        throw new IOException("chunk from " + authority + " is longer than its size line said");
      }
    }
  }

  private byte[] readFixed(int n) throws IOException {
    byte[] out = new byte[n];
    int done = Math.min(n, limit - pos);
    System.arraycopy(buf, pos, out, 0, done);
    pos += done;
    while (done < n) {
      int r = timedRead(out, done, n - done);
      if (r < 0) {
        throw new EOFException(authority + " closed the connection after " + done + " of " + n
            + " body bytes");
      }
      done += r;
    }
    return out;
  }

  private byte[] readToEnd() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(buf, pos, limit - pos);
    pos = limit;
    while (fill()) {
      body.write(buf, pos, limit - pos);
      pos = limit;
    }
    return body.toByteArray();
  }

  /** One CRLF-terminated line (a bare LF is accepted too), without its terminator. */
  private String readLine() throws IOException {
    StringBuilder line = null;
    while (true) {
      for (int i = pos; i < limit; i++) {
        if (buf[i] == '\n') {
          boolean lineFeedFirst = i == pos;
          int end = !lineFeedFirst && buf[i - 1] == '\r' ? i - 1 : i;
          String part = new String(buf, pos, end - pos, StandardCharsets.ISO_8859_1);
          pos = i + 1;
          if (line == null) {
            return part;
          }
          line.append(part);
          if (lineFeedFirst && line.length() > 0 && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1); // the CR was the last byte of the previous read
          }
          return line.toString();
        }
      }
      if (line == null) {
        line = new StringBuilder();
      }
      line.append(new String(buf, pos, limit - pos, StandardCharsets.ISO_8859_1));
      pos = limit;
      if (line.length() > MAX_LINE) {
        throw new IOException("HTTP line from " + authority + " exceeds " + MAX_LINE + " bytes");
      }
      if (!fill()) {
        throw new EOFException(authority + " closed the connection"
            + (received == 0 ? " without answering" : " in the middle of its answer"));
      }
    }
  }

  /** Refills the buffer; false at end of stream. */
  private boolean fill() throws IOException {
    pos = 0;
    limit = 0;
    int r = timedRead(buf, 0, buf.length);
    if (r < 0) {
      return false;
    }
    limit = r;
    return true;
  }

  private int timedRead(byte[] into, int off, int len) throws IOException {
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      throw new SocketTimeoutException("no answer from " + authority + " before the deadline");
    }
    channel.socket().setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
    int r = in.read(into, off, len);
    if (r > 0) {
      received += r;
    }
    return r;
  }

  private static String printable(String s) {
    String t = s.length() > 100 ? s.substring(0, 100) + "…" : s;
    return t.replaceAll("[\\p{Cntrl}&&[^\t]]", "?");
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a socket we are done with: nothing to recover
    }
  }
}
