package io.github.trialbook.endpoint;

import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.internal.DaemonThreads;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs an endpoint's start and stop commands as subprocesses (argument lists, never a shell),
 * appending their output to one log file per endpoint. A daemon thread per process reads the
 * output as it comes (so a full pipe never blocks the server) and writes it line by line,
 * scrubbed of the command's secret arguments and the pool's keys: servers commonly print their
 * arguments, {@code --api-key} included, when they start.
 */
final class ServerCommand {
  /** How long {@link #destroyTree} waits for killed processes to be gone. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private final String endpoint;
  private final Path log;
  private final Redactor redactor;

  /** Logs to a new file in {@code logDir}, or in the temp directory when it is null. */
  ServerCommand(String endpoint, Path logDir, Redactor redactor) {
    this.endpoint = endpoint;
    this.redactor = redactor;
    String prefix = "trialbook-endpoint-" + endpoint + "-";
    try {
      if (logDir == null) {
        this.log = Files.createTempFile(prefix, ".log");
      } else {
        Files.createDirectories(logDir);
        this.log = Files.createTempFile(logDir, prefix, ".log");
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create the command log of endpoint " + endpoint
          + " in " + (logDir == null ? "the temp directory" : logDir)
          + "; pass a writable directory to commandLogs(dir)", e);
    }
  }

  Path log() {
    return log;
  }

  /** Starts {@code command} and returns at once; the server may keep running in it. */
  Process launch(List<String> command) throws IOException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    SecretScrubber scrubber = redactor.scrubber(Endpoint.secretArguments(command));
    DaemonThreads.daemon(() -> copy(p.getInputStream(), scrubber),
        "trialbook-endpoint-" + endpoint + "-output").start();
    return p;
  }

  private void copy(InputStream output, SecretScrubber scrubber) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(output,
            StandardCharsets.UTF_8));
        Writer out = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(scrubber.scrub(line));
        out.write('\n');
        out.flush();
      }
    } catch (IOException e) {
      // the process is gone or the log cannot be written: the output is lost, not the server
    }
  }

  /** Runs {@code command} to its end; a command still running after {@code timeout} is killed. */
  int runToEnd(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process p = launch(command);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      destroyTree(p);
      throw new IOException("command of endpoint " + endpoint + " still running after "
          + timeout + " and killed: " + Endpoint.maskSecrets(command) + " (output in " + log + ")");
    }
    return p.exitValue();
  }

  /** Removes the log when no command wrote to it (a pool that never had to start anything). */
  void removeLogIfEmpty() {
    try {
      if (Files.size(log) == 0) {
        Files.deleteIfExists(log);
      }
    } catch (IOException ignored) {
      // a log left behind is harmless
    }
  }

  /**
   * Kills a process and everything it started, and waits (at most {@link #EXIT_WAIT}) until they
   * are gone, so a server's port is free once the pool's {@code close()} returns.
   */
  static void destroyTree(Process p) {
    List<ProcessHandle> tree = p.descendants().toList();
    tree.forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
    long deadline = System.nanoTime() + EXIT_WAIT.toNanos();
    try {
      for (ProcessHandle h : tree) {
        h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
      p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // killed with SIGKILL: it is going; do not hold the caller longer
    }
  }
}
