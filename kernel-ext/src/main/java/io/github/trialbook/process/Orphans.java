package io.github.trialbook.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The run directory's records of live processes, {@code <runDir>/processes/<pid>.txt}: the trial
 * key and each process of the tree as last seen, as pid plus start time, so a pid reused by an
 * unrelated program is never taken for ours. A stage writes its record when its program starts,
 * refreshes it when the tree changes and deletes it when the tree has ended; a record left behind
 * means the JVM was killed (SIGKILL) and those processes may still run.
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
      String key = lines.isEmpty() ? "?" : lines.get(0);
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
      try {
        Files.deleteIfExists(record);
      } catch (IOException e) {
        // the next open tries again; its processes are ended
      }
    }
    return notes;
  }

  /** Writes (or replaces) the record of a running tree. */
  static void write(Path runDir, String key, long rootPid, List<ProcessHandle> tree)
      throws IOException {
    Path dir = runDir.resolve(PROCESSES);
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir);
    }
    StringBuilder sb = new StringBuilder(key).append('\n');
    for (ProcessHandle p : tree) {
      sb.append(p.pid()).append(' ').append(ProcessTrees.startMillis(p)).append('\n');
    }
    // written in place, not renamed: a record torn by a crash mid-write still names the root
    Files.writeString(dir.resolve(rootPid + ".txt"), sb, StandardCharsets.UTF_8);
  }

  static void delete(Path runDir, long rootPid) {
    try {
      Files.deleteIfExists(runDir.resolve(PROCESSES).resolve(rootPid + ".txt"));
    } catch (IOException e) {
      // a stale record only names processes that have ended; the next open drops it
    }
  }
}
