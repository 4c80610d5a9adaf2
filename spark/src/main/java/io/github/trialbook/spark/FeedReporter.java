package io.github.trialbook.spark;

import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The executor's end of the live view ({@link StatusFeed}): a task tells the driver, a few times
 * a second, how many of its trials are done and which trial and stage it runs. Best effort: if
 * the driver cannot be reached the task runs on without it. One line per fact, tab-separated:
 * {@code H token partition attempt executor host}, then {@code S done running} followed by one
 * {@code R config input stage attempt waiting since} per running trial.
 */
final class FeedReporter implements AutoCloseable {
  private static final int CONNECT_TIMEOUT_MILLIS = 2000;
  /** The driver's feed address, resolved once per executor (a look-up per task showed). */
  private static final java.util.Map<String, InetSocketAddress> RESOLVED =
      new java.util.concurrent.ConcurrentHashMap<>();
  private Socket socket;
  private Writer out;

  private FeedReporter(Socket socket, Writer out) {
    this.socket = socket;
    this.out = out;
  }

  static FeedReporter connect(String address, String token, int partition, int attempt,
      String executor, String host) {
    Socket s = new Socket(java.net.Proxy.NO_PROXY);
    try {
      s.connect(RESOLVED.computeIfAbsent(address, a -> {
        int colon = a.lastIndexOf(':');
        return new InetSocketAddress(a.substring(0, colon), Integer.parseInt(a.substring(colon + 1)));
      }), CONNECT_TIMEOUT_MILLIS);
      Writer w = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(),
          StandardCharsets.UTF_8));
      w.write(String.join("\t", "H", token, Integer.toString(partition),
          Integer.toString(attempt), clean(executor), clean(host)) + "\n");
      w.flush();
      return new FeedReporter(s, w);
    } catch (IOException | RuntimeException e) {
      closeQuietly(s);
      return new FeedReporter(null, null);
    }
  }

  void report(ProgressSnapshot p) {
    if (out == null) {
      return;
    }
    StringBuilder b = new StringBuilder();
    b.append("S\t").append(p.doneTrials()).append('\t').append(p.running().size()).append('\n');
    for (RunningTask t : p.running()) {
      b.append(String.join("\t", "R", clean(t.config()), clean(t.inputId()), clean(t.stage()),
          Integer.toString(t.attempt()), Boolean.toString(t.waiting()),
          Long.toString(t.sinceMillis()))).append('\n');
    }
    try {
      out.write(b.toString());
      out.flush();
    } catch (IOException e) {
      close();
    }
  }

  /** Tabs and line ends would split a fact: shown as spaces. */
  private static String clean(String s) {
    return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void close() {
    closeQuietly(socket);
    socket = null;
    out = null;
  }

  private static void closeQuietly(Socket s) {
    if (s == null) {
      return;
    }
    try {
      s.close();
    } catch (IOException e) {
      // the driver is gone or the feed ended: nothing to tell anyone
    }
  }
}
