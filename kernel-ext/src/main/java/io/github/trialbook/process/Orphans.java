package io.github.trialbook.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run directory's records of live processes, {@code <runDir>/processes/worker-<n>.txt}: the
 * trial key and each process of the tree the worker runs, as last seen, as pid plus start time, so
 * a pid reused by an unrelated program is never taken for ours. A stage rewrites its worker's
 * record when its program starts and when the tree changes, and empties it when the tree has
 * ended (one file per worker, rewritten in place: no file is created or deleted per trial); a
 * record naming processes that still run with the recorded start times means the JVM was killed
 * (SIGKILL).
 *
 * <p>{@link #end} is called by the next resume or {@code open} of the run directory, once no
 * other process holds it: it ends the orphans it finds and says so.
 *
 * <pre>{@code
 * List<String> notes = Orphans.end(Path.of("runs", "sweep"));   // "ended 3 orphaned processes ..."
 * }</pre>
 */
public final class Orphans {
  /** The folder under the run directory that holds the records. */
  public static final String PROCESSES = "processes";
  private static final Duration GRACE = Duration.ofSeconds(2);

  private Orphans() {}

  /**
   * Ends every still-running process recorded in {@code runDir} (TERM, KILL after 2 s) and
   * deletes the records.
   *
   * @return one note per record that had live processes, empty when there were none
   */
  public static List<String> end(Path runDir) {
    Path dir = runDir.resolve(PROCESSES);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> records;
    try (Stream<Path> files = Files.list(dir)) {
      records = files.filter(p -> p.getFileName().toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      return List.of("cannot read the process records in " + dir + " (" + e + "); processes of a "
          + "crashed session may still run");
    }
    List<String> notes = new ArrayList<>();
    for (Path record : records) {
      List<String> lines;
      try {
        lines = Files.readAllLines(record, StandardCharsets.UTF_8);
      } catch (IOException e) {
        continue;
      }
      if (lines.isEmpty()) {
        deleteQuietly(record);
        continue;
      }
      String key = lines.get(0);
      List<ProcessHandle> alive = new ArrayList<>();
      List<String> pids = new ArrayList<>();
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] parts = line.trim().split(" ");
        if (parts.length != 2) {
          continue;
        }
        try {
          Optional<ProcessHandle> p = ProcessTrees.same(Long.parseLong(parts[0]),
              Long.parseLong(parts[1]));
          p.ifPresent(h -> {
            alive.add(h);
            pids.add(Long.toString(h.pid()));
          });
        } catch (NumberFormatException e) {
          // a torn record line: nothing to match it with
        }
      }
      if (!alive.isEmpty()) {
        List<ProcessHandle> trees = new ArrayList<>();
        alive.forEach(h -> trees.addAll(ProcessTrees.snapshot(h)));
        ProcessTrees.endAll(trees, GRACE);
        notes.add(String.format(Locale.ROOT, "ended %d orphaned process%s of trial %s left running "
            + "by a killed session (pid %s)", alive.size(), alive.size() == 1 ? "" : "es", key,
            String.join(", ", pids)));
      }
      deleteQuietly(record);
    }
    return notes;
  }

  private static void deleteQuietly(Path record) {
    try {
      Files.deleteIfExists(record);
    } catch (IOException e) {
      // the next open tries again; its processes are ended
    }
  }

  /**
   * Writes (or replaces) worker {@code worker}'s record of its running tree: the root with the
   * time it was started (taken by the caller, within milliseconds of the real start, so no
   * {@code /proc} read is needed per trial) and the other members as seen now.
   */
  static void write(Path runDir, String key, int worker, long rootPid, long rootStartMillis,
      List<ProcessHandle> others) throws IOException {
    Path dir = runDir.resolve(PROCESSES);
    KnownDirectories.ensure(dir);
    StringBuilder sb = new StringBuilder(key).append('\n');
    sb.append(rootPid).append(' ').append(rootStartMillis).append('\n');
    for (ProcessHandle p : others) {
      if (p.pid() != rootPid) {
        sb.append(p.pid()).append(' ').append(ProcessTrees.startMillis(p)).append('\n');
      }
    }
    // written in place, not renamed: a record torn by a crash mid-write still names the root
    try {
      Files.writeString(dir.resolve(file(worker)), sb, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      KnownDirectories.retry(dir);
      Files.writeString(dir.resolve(file(worker)), sb, StandardCharsets.UTF_8);
    }
  }

  /** Empties worker {@code worker}'s record: its tree has ended. */
  static void clear(Path runDir, int worker) {
    try {
      Files.write(runDir.resolve(PROCESSES).resolve(file(worker)), new byte[0]);
    } catch (IOException e) {
      // a stale record only names processes that have ended; start times tell them apart
    }
  }

  private static String file(int worker) {
    return "worker-" + worker + ".txt";
  }
}
