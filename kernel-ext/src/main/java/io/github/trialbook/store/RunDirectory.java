package io.github.trialbook.store;

import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.CheckpointPolicy;
import io.github.trialbook.internal.AtomicFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A run directory opened for writing: {@code manifest.json}, {@code trials.jsonl} (the trial log),
 * {@code input-ids.txt} (to say which inputs changed) and a {@code .lock} that keeps a second
 * process out. {@link #open} creates the directory, or checks that the run there is of the same
 * spec and loads its log; the engine then appends through {@link #openSink} and ends with
 * {@link #finish}.
 *
 * <pre>{@code
 * try (RunDirectory run = RunDirectory.open(Path.of("runs", "triage"), spec, false)) {
 *   run.notes().forEach(System.out::println);          // crashed run resumed, torn tail, ...
 *   TrialStore done = run.scan().store();              // status per trial: skip finished ones
 *   long seq = run.scan().nextSeq();                   // number new records from here
 *   try (JsonlTrialSink sink = run.openSink(spec.checkpoint())) {
 *     sink.append(record);                             // from the workers
 *   }
 *   run.finish(RunStatus.FINISHED, RunCounts.of(done));
 * }
 * }</pre>
 */
final class RunDirectory implements AutoCloseable {
  static final String LOG = "trials.jsonl";
  static final String PANELS = "panels.json";
  static final String INPUT_IDS = "input-ids.txt";
  static final String LOCK = ".lock";

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final RecordCodec codec;
  private final LogScan scan;
  private final RunStatus previousStatus;
  private final List<String> notes;
  private Manifest manifest;
  private boolean finished;
  private boolean closed;

  private RunDirectory(Path dir, FileChannel lockChannel, FileLock lock, RecordCodec codec,
      LogScan scan, RunStatus previousStatus, List<String> notes, Manifest manifest) {
    this.dir = dir;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.codec = codec;
    this.scan = scan;
    this.previousStatus = previousStatus;
    this.notes = List.copyOf(notes);
    this.manifest = manifest;
  }

  /**
   * Opens {@code dir} for {@code spec}: creates it if needed, or continues the run in it.
   *
   * @param continueOnMismatch continue a run whose spec differs (for example when only inputs
   *     were added); the manifest then takes the new fingerprint, and {@link #notes()} lists what
   *     differed
   * @throws FingerprintMismatchException the run there is of another spec (and
   *     {@code continueOnMismatch} is false)
   * @throws CheckpointException the directory cannot be used (a file, unwritable, disk full, in
   *     use by another process, corrupt log)
   */
  public static RunDirectory open(Path dir, BatchSpec<?> spec, boolean continueOnMismatch) {
    createDirectory(dir);
    FileChannel lockChannel = null;
    try {
      lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock = tryLock(lockChannel, dir);
      RunDirectory run = openLocked(dir, spec, continueOnMismatch, lockChannel, lock);
      lockChannel = null;
      return run;
    } catch (IOException e) {
      throw ioError(dir, "open", e);
    } finally {
      closeQuietly(lockChannel);
    }
  }

  private static RunDirectory openLocked(Path dir, BatchSpec<?> spec, boolean continueOnMismatch,
      FileChannel lockChannel, FileLock lock) throws IOException {
    List<String> notes = new ArrayList<>();
    Fingerprint now = Fingerprint.of(spec);
    Manifest before = Manifest.read(dir);
    RunStatus previous = null;
    Instant start = Instant.now();
    int sessions = 1;
    Instant firstStart = start;
    if (before != null) {
      previous = before.status() == RunStatus.RUNNING ? RunStatus.CRASHED : before.status();
      sessions = before.sessions() + 1;
      firstStart = before.startedAt();
      if (previous == RunStatus.CRASHED) {
        notes.add("the previous session of " + dir + " (started " + before.sessionStartedAt()
            + " on " + before.host() + ") did not finish: it crashed or was killed; resuming");
      }
      checkSameRun(dir, spec, before, now, continueOnMismatch, notes);
    }
    LogScan scan = LogScan.read(dir.resolve(LOG),
        spec.configs().stream().map(io.github.trialbook.batch.Config::name).toList(),
        spec.inputIds(), spec.stageNames());
    scan.tornTail(dir.resolve(LOG)).ifPresent(notes::add);
    if (before != null) {
      missingLog(dir, before, scan.records(), "every trial runs again").ifPresent(notes::add);
    }
    if (before == null && scan.records() > 0) {
      throw new CheckpointException(dir + " holds a trial log but no " + Manifest.FILE
          + "; it was not written by Trialbook or the manifest was deleted. Fix: use a new runDir");
    }
    writeInputIds(dir, spec.inputIds(), before != null && before.fingerprint().inputDigest()
        .equals(now.inputDigest()));
    Manifest manifest = new Manifest(spec.name(), RunStatus.RUNNING, now, spec.parallelism(),
        System.getProperty("java.vendor") + " " + Runtime.version(),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"), HostName.get(), firstStart, start, null, sessions,
        RunCounts.of(scan.store()), spec.sweepAxes());
    AtomicFiles.write(dir.resolve(Manifest.FILE), manifest.toJson());
    return new RunDirectory(dir, lockChannel, lock, RecordCodec.of(spec.configs()), scan, previous,
        notes, manifest);
  }

  private static void checkSameRun(Path dir, BatchSpec<?> spec, Manifest before, Fingerprint now,
      boolean continueOnMismatch, List<String> notes) {
    if (!before.fingerprint().libraryVersion().equals(now.libraryVersion())) {
      notes.add("the run was started by Trialbook " + before.fingerprint().libraryVersion()
          + ", this is " + now.libraryVersion());
    }
    if (!before.batch().equals(spec.name())) {
      notes.add("the run in " + dir + " was named " + before.batch() + "; continuing it as "
          + spec.name());
    }
    if (now.sameRunAs(before.fingerprint())) {
      return;
    }
    List<String> differences = now.differencesFrom(before.fingerprint(), readInputIds(dir),
        spec.inputIds());
    if (continueOnMismatch) {
      notes.add("continuing the run in " + dir + " although the spec differs: "
          + String.join("; ", differences));
      return;
    }
    throw new FingerprintMismatchException(dir + " holds a run of another spec (batch "
        + before.batch() + ", started " + before.startedAt() + "):\n  - "
        + String.join("\n  - ", differences) + "\nTo proceed: give this spec a new runDir to "
        + "start afresh, or, if the change is intended (for example only inputs were added), "
        + "continue the run anyway with continueOnMismatch(true); trials already in "
        + dir.resolve(LOG) + " keep their results.", differences);
  }

  /** Whether {@code dir} holds a run (a manifest), e.g. before a rerun of it. */
  public static boolean holdsRun(Path dir) {
    return Files.isRegularFile(dir.resolve(Manifest.FILE));
  }

  /**
   * A note when the manifest counts finished trials but the log holds none: the log was deleted
   * or emptied, perhaps by mistake (deleting the whole directory is the way to start afresh).
   */
  static Optional<String> missingLog(Path dir, Manifest manifest, long records,
      String consequence) {
    RunCounts counts = manifest.counts();
    long finished = (long) counts.ok() + counts.failed() + counts.timeout();
    if (records > 0 || finished == 0) {
      return Optional.empty();
    }
    Path file = dir.resolve(LOG);
    return Optional.of(file + (Files.exists(file) ? " is empty" : " is missing") + " although "
        + Manifest.FILE + " records " + finished + " finished trial" + (finished == 1 ? "" : "s")
        + ": " + consequence + ". If the log was deleted by mistake, interrupt and restore it "
        + "from a backup; to start afresh on purpose, delete the whole run directory");
  }

  public Path dir() {
    return dir;
  }

  public Path logFile() {
    return dir.resolve(LOG);
  }

  /** The records earlier sessions left (empty for a fresh run), read at open. */
  LogScan scan() {
    return scan;
  }

  /** How the previous session ended ({@code CRASHED} if it was found running), if there was one. */
  public Optional<RunStatus> previousStatus() {
    return Optional.ofNullable(previousStatus);
  }

  /** What the user should know about this open: a crash resumed, a torn line dropped, ... */
  public List<String> notes() {
    return notes;
  }

  public synchronized Manifest manifest() {
    return manifest;
  }

  /**
   * Opens the trial log for appending, after cutting off a torn last line. One sink per session.
   */
  public JsonlTrialSink openSink(CheckpointPolicy policy) {
    try {
      return JsonlTrialSink.open(logFile(), scan.validLength(), codec, policy, scan.store());
    } catch (IOException e) {
      throw ioError(logFile(), "open for appending", e);
    }
  }

  /**
   * Records how the session ended ({@code FINISHED} or {@code CANCELLED}) and releases the
   * directory. Call after the sink is closed.
   */
  public synchronized void finish(RunStatus status, RunCounts counts) {
    if (status == RunStatus.RUNNING) {
      throw new IllegalArgumentException("finish(status) needs an end status (finished, "
          + "cancelled or crashed), not running");
    }
    try {
      writeManifest(manifest.with(status, Instant.now(), counts));
    } finally {
      finished = true;
      close();
    }
  }

  /** Releases the directory; a session closed without {@link #finish} is recorded as crashed. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      if (!finished) {
        writeManifest(manifest.with(RunStatus.CRASHED, Instant.now(), manifest.counts()));
      }
    } catch (CheckpointException e) {
      // the manifest still says running, which the next open reports as crashed all the same
    } finally {
      closed = true;
      try {
        lock.release();
      } catch (IOException ignored) {
        // closing the channel releases it too
      }
      closeQuietly(lockChannel);
    }
  }

  /**
   * Keeps the status panels of the run's last picture (an endpoint pool's status, say) in
   * {@code panels.json}, so a report of the stored run shows them; a panel that cannot be written
   * as JSON is left out, and a failure to write is logged, never the batch's error.
   */
  void writePanels(List<Object> panels) {
    List<byte[]> encoded = new ArrayList<>();
    for (Object panel : panels) {
      try {
        encoded.add(codec.encodeValue(panel));
      } catch (IOException | RuntimeException e) {
        // not JSON-writable: it stays in the live view only
      }
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < encoded.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(encoded.get(i));
    }
    out.write(']');
    out.write('\n');
    try {
      AtomicFiles.write(dir.resolve(PANELS), out.toByteArray());
    } catch (IOException e) {
      System.getLogger(RunDirectory.class.getName()).log(System.Logger.Level.WARNING,
          "cannot write " + dir.resolve(PANELS) + "; a report of this run will lack its panels", e);
    }
  }

  private void writeManifest(Manifest next) {
    try {
      AtomicFiles.write(dir.resolve(Manifest.FILE), next.toJson());
      manifest = next;
    } catch (IOException e) {
      throw ioError(dir.resolve(Manifest.FILE), "write", e);
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  private static void createDirectory(Path dir) {
    if (Files.isRegularFile(dir)) {
      throw new CheckpointException("the run directory " + dir + " is a file, not a directory; "
          + "pass a directory path to runDir (it is created if missing), or move the file away");
    }
    try {
      Files.createDirectories(dir);
    } catch (FileAlreadyExistsException e) {
      throw new CheckpointException("the run directory " + dir + " cannot be created: " + e.getFile()
          + " exists and is not a directory; pass another runDir", e);
    } catch (IOException e) {
      throw ioError(dir, "create", e);
    }
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException("the run directory " + dir + " is not a directory; pass a "
          + "directory path to runDir");
    }
  }

  private static FileLock tryLock(FileChannel ch, Path dir) throws IOException {
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      throw new CheckpointException("the run directory " + dir + " is in use by another batch "
          + "(in this or another process); wait for it to finish or cancel it, or give this spec "
          + "another runDir");
    }
    return lock;
  }

  private static void writeInputIds(Path dir, List<String> ids, boolean unchanged)
      throws IOException {
    Path file = dir.resolve(INPUT_IDS);
    if (unchanged && Files.exists(file)) {
      return;
    }
    StringBuilder sb = new StringBuilder(ids.size() * 16);
    for (String id : ids) {
      sb.append(id).append('\n');
    }
    AtomicFiles.write(file, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  static List<String> readInputIds(Path dir) {
    try {
      return Files.readAllLines(dir.resolve(INPUT_IDS), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null; // missing or unreadable: differences are then described by counts only
    }
  }

  /** An I/O failure as a message with the path and the likely fix. */
  static CheckpointException ioError(Path path, String action, IOException e) {
    String reason = e.getMessage() == null ? e.toString() : e.getMessage();
    String lower = reason.toLowerCase(Locale.ROOT);
    String fix;
    if (lower.contains("no space left") || lower.contains("disk quota")) {
      fix = "the disk is full: free space on the device holding " + path
          + ", or pass a runDir on another disk, then run again to resume";
    } else if (e instanceof AccessDeniedException || lower.contains("read-only")
        || lower.contains("permission denied")) {
      fix = "it is not writable: pass a runDir you can write to, or fix its permissions";
    } else if (lower.contains("not a directory")) {
      fix = "a parent of it is a file, not a directory: pass another runDir";
    } else if (e instanceof FileSystemException) {
      fix = "check the path and the file system, or pass another runDir";
    } else {
      fix = "check the disk and the path, or pass another runDir";
    }
    return new CheckpointException("cannot " + action + " " + path + " (" + reason + "): " + fix,
        e);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing to report: the channel was only for the lock
      }
    }
  }
}
