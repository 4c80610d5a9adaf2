package io.github.trialbook.cellhost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real {@link CellHost} child JVM with this JVM's class path, as the notebook runner starts it.
 * {@code -Dcellhost.java=/path/to/bin/java} runs the child on another JDK.
 */
final class HostProcess implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final long TIMEOUT_SECONDS = 90;

  private final Process process;
  private final OutputStream stdin;
  private final BlockingQueue<JsonNode> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  HostProcess(Path workDir) throws IOException {
    stderr = Files.createTempFile("cellhost", ".err");
    String java = System.getProperty("cellhost.java",
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    process = new ProcessBuilder(java, "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"),
        CellHost.class.getName()).directory(workDir.toFile())
        .redirectError(stderr.toFile()).start();
    stdin = process.getOutputStream();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(JSON.readTree(line));
        }
      } catch (IOException e) {
        // the child is gone; waiters time out with its stderr
      }
    }, "cellhost-test-reader");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends one request line. */
  void send(Map<String, Object> request) throws IOException {
    stdin.write((JSON.writeValueAsString(request) + "\n").getBytes(StandardCharsets.UTF_8));
    stdin.flush();
  }

  void sendCell(int id, String code) throws IOException {
    send(Map.of("id", id, "code", code));
  }

  /** Every output of cell {@code id} up to and including its {@code done}. */
  List<JsonNode> awaitDone(int id) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
    while (true) {
      JsonNode line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new AssertionError("no done for cell " + id + " in " + TIMEOUT_SECONDS + " s; got " + out
            + "; child stderr: " + Files.readString(stderr));
      }
      if (!line.path("id").isMissingNode() && line.get("id").asInt() != id) {
        throw new AssertionError("output of another cell while waiting for " + id + ": " + line);
      }
      out.add(line);
      if (line.path("type").asText().equals("done")) {
        return out;
      }
    }
  }

  /** The next output line, whatever it is. */
  JsonNode next() throws Exception {
    JsonNode line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("no output in " + TIMEOUT_SECONDS + " s; child stderr: " + Files.readString(stderr));
    }
    return line;
  }

  /** Runs one cell and returns its outputs. */
  List<JsonNode> run(int id, String code) throws Exception {
    sendCell(id, code);
    return awaitDone(id);
  }

  int waitForExit() throws Exception {
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the child did not exit");
    }
    return process.exitValue();
  }

  static List<JsonNode> ofType(List<JsonNode> outputs, String type) {
    return outputs.stream().filter(o -> o.path("type").asText().equals(type)).toList();
  }

  static String status(List<JsonNode> outputs) {
    return outputs.get(outputs.size() - 1).path("status").asText();
  }

  @Override
  public void close() throws Exception {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    Files.deleteIfExists(stderr);
  }
}
