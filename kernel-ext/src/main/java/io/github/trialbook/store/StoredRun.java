package io.github.trialbook.store;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.internal.Lazy;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A run directory read without a spec and without changing anything: for reports, and for
 * {@code Trialbook.open(runDir)} in a later notebook. Configs (secret params read {@code ***}) and
 * stage names come from the manifest; records from the trial log (a torn last line is skipped and
 * reported, not cut).
 *
 * <pre>{@code
 * StoredRun run = StoredRun.open(Path.of("runs", "triage"));
 * System.out.println(run.batch() + " " + run.status() + ": " + run.latest().size() + " trials");
 * }</pre>
 */
public final class StoredRun {
  private final Path dir;
  private final Manifest manifest;
  private final RunStatus status;
  /** The keys, statuses and offsets of the log, read at the first need (not at open). */
  private final Lazy<LogScan> scan;
  /** The whole log decoded, for {@link #latest()} only. */
  private final Lazy<TrialLog> log;

  private StoredRun(Path dir, Manifest manifest, RunStatus status) {
    this.dir = dir;
    this.manifest = manifest;
    this.status = status;
    Path file = dir.resolve(RunDirectory.LOG);
    this.scan = new Lazy<>(() -> LogScan.read(file, configs().stream().map(Config::name).toList(),
        inputIds(), stageNames()));
    this.log = new Lazy<>(() -> TrialLog.read(file));
  }

  /**
   * @throws CheckpointException if {@code dir} holds no run (no manifest) or a file is corrupt
   */
  public static StoredRun open(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new CheckpointException("no run directory at " + dir + (Files.exists(dir)
          ? " (it is a file)" : " (it does not exist)") + "; pass the runDir a batch wrote to");
    }
    Manifest manifest = Manifest.read(dir);
    if (manifest == null) {
      throw new CheckpointException(dir + " holds no " + Manifest.FILE + ", so no Trialbook run; "
          + "pass the runDir a batch wrote to");
    }
    RunStatus status = manifest.status();
    if (status == RunStatus.RUNNING && !isLive(dir)) {
      status = RunStatus.CRASHED;
    }
    return new StoredRun(dir, manifest, status);
  }

  /** Whether a process holds the run's lock right now. */
  private static boolean isLive(Path dir) {
    try (FileChannel ch = FileChannel.open(dir.resolve(RunDirectory.LOCK),
        StandardOpenOption.READ)) {
      FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
      if (probe == null) {
        return true;
      }
      probe.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true; // held in this JVM
    } catch (NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      return false; // cannot tell; the manifest says running, the lock says nothing
    }
  }

  public Path dir() {
    return dir;
  }

  Manifest manifest() {
    return manifest;
  }

  /** The batch's name, as the latest session gave it. */
  /** Status, parallelism, JDK, OS, host, sessions, library version and input digest of the run. */
  public RunInfo info() {
    return info(manifest, status);
  }

  /**
   * The {@link RunInfo} of the run in {@code dir}, reading only its manifest (not its trial log);
   * empty when {@code dir} holds no run.
   */
  public static Optional<RunInfo> infoOf(Path dir) {
    Manifest m = Files.isDirectory(dir) ? Manifest.read(dir) : null;
    if (m == null) {
      return Optional.empty();
    }
    RunStatus status = m.status() == RunStatus.RUNNING && !isLive(dir) ? RunStatus.CRASHED
        : m.status();
    return Optional.of(info(m, status));
  }

  private static RunInfo info(Manifest m, RunStatus status) {
    Fingerprint f = m.fingerprint();
    return new RunInfo(status, m.parallelism(), m.jdk(), m.os(), m.host(), m.sessions(),
        f.libraryVersion(), f.inputCount(), f.inputDigest());
  }

  /**
   * The status panels of the run's last picture as written at its end (records and maps read
   * back as maps, e.g. an endpoint pool's status); empty when none were kept.
   */
  public List<Object> panels() {
    Path file = dir.resolve(RunDirectory.PANELS);
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try (com.fasterxml.jackson.core.JsonParser p = ValueCodec.MAPPER.getFactory()
        .createParser(file.toFile())) {
      p.nextToken();
      Object v = ValueCodec.read(p);
      return v instanceof List<?> list ? List.copyOf(list.stream().filter(java.util.Objects::nonNull)
          .toList()) : List.of();
    } catch (IOException | RuntimeException e) {
      return List.of(); // a torn or foreign file: the report goes without the panels
    }
  }

  public String batch() {
    return manifest.batch();
  }

  /** When the first session started. */
  public Instant startedAt() {
    return manifest.startedAt();
  }

  /** When the latest session ended; empty while it runs or if it crashed before saying so. */
  public Optional<Instant> endedAt() {
    return Optional.ofNullable(manifest.endedAt());
  }

  /** The manifest's status, except that a run no live process holds reads {@code CRASHED}. */
  public RunStatus status() {
    return status;
  }

  public List<Config> configs() {
    return manifest.configs();
  }

  /** The sweep axes of the latest session's spec (empty for a batch that is not a sweep). */
  public List<String> sweepAxes() {
    return manifest.sweepAxes();
  }

  public List<String> stageNames() {
    return manifest.stageNames();
  }

  /** The input ids of the latest session, in spec order (empty if the side file is missing). */
  public List<String> inputIds() {
    List<String> ids = RunDirectory.readInputIds(dir);
    return ids == null ? List.of() : ids;
  }

  /**
   * The latest record of every trial of the latest session's configs × input ids, by trial
   * number, the records left in the log and read when asked for (see {@link TrialStore}).
   */
  public TrialStore store() {
    return scan.get().store();
  }

  /** Key {@code config/inputId} to its latest record, every record decoded (the whole log). */
  public Map<String, TrialRecord> latest() {
    return log.get().latest();
  }

  /** A note when the trial log's last line was torn (a crash mid-write); it is skipped. */
  public Optional<String> tornTail() {
    return scan.get().tornTail(dir.resolve(RunDirectory.LOG));
  }

  /** A note when the manifest counts finished trials but the trial log holds none. */
  public Optional<String> missingLog() {
    return RunDirectory.missingLog(dir, manifest, scan.get().records(), "no results to show");
  }
}
