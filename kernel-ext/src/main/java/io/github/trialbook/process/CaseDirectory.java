package io.github.trialbook.process;

import io.github.trialbook.batch.TrialContext;
import io.github.trialbook.batch.TrialbookException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The layout of a run's case directories, {@code <runDir>/cases/<config>/<inputId>/}, and the run
 * id they share. Config names are already file-safe; an input id that is not (or is only dots) is
 * written as its sanitized form plus an 8-character hash, so two ids never share a directory.
 *
 * <pre>{@code
 * Path dir = CaseDirectory.of(Path.of("runs", "sweep"), "T300_eps0p1", "seed-1");
 * }</pre>
 */
public final class CaseDirectory {
  /** The folder under the run directory that holds the cases. */
  public static final String CASES = "cases";
  private static final String RUN_ID = ".run-id";
  private static final ThreadLocal<Prepared> PREPARED = new ThreadLocal<>();
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private static final Map<Path, String> RUN_IDS = new ConcurrentHashMap<>();

  private CaseDirectory() {}

  /** Where the case {@code config/inputId} of the run in {@code runDir} lives. */
  public static Path of(Path runDir, String config, String inputId) {
    return runDir.resolve(CASES).resolve(config).resolve(folderOf(inputId));
  }

  /** The directory name of an input id. */
  public static String folderOf(String inputId) {
    if (SAFE.matcher(inputId).matches() && !inputId.chars().allMatch(c -> c == '.')) {
      return inputId;
    }
    String cleaned = inputId.replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("^[._]+", "");
    if (cleaned.length() > 40) {
      cleaned = cleaned.substring(0, 40);
    }
    return (cleaned.isEmpty() ? "id" : cleaned) + "_" + hash(inputId);
  }

  /**
   * The run's id, created once in {@code <runDir>/cases/.run-id} and the same after every resume,
   * so programs of all sessions write under one id.
   */
  static String runId(Path base) {
    return RUN_IDS.computeIfAbsent(base.toAbsolutePath().normalize(), CaseDirectory::readOrCreate);
  }

  private static String readOrCreate(Path base) {
    Path file = base.resolve(CASES).resolve(RUN_ID);
    try {
      Files.createDirectories(file.getParent());
      try {
        Path tmp = Files.createTempFile(file.getParent(), ".run-id", ".tmp");
        Files.writeString(tmp, UUID.randomUUID() + "\n");
        Files.move(tmp, file); // no REPLACE_EXISTING: the first writer wins
      } catch (FileAlreadyExistsException e) {
        // another session made it
      }
      try (Stream<Path> leftovers = Files.list(file.getParent())) {
        for (Path p : leftovers.filter(p -> p.getFileName().toString().endsWith(".tmp")
            && p.getFileName().toString().startsWith(".run-id")).toList()) {
          Files.deleteIfExists(p);
        }
      }
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new TrialbookException("cannot create or read the run id " + file + " (" + e
          + "); check that the run directory is writable", e);
    }
  }

  /**
   * Makes {@code dir} ready for {@code t}'s stage. The process stages of one trial share the case
   * directory (a later stage reads what an earlier one wrote), so only the trial's first process
   * stage clears it: what an earlier attempt, run or crashed session left moves to
   * {@code attempt-<n>/}, so nothing is overwritten and nothing leaks into this attempt. A trial
   * runs all its stages on one worker thread, and its first process stage always runs before the
   * later ones, so the thread remembers which stage prepared which directory: a later stage finds
   * it among its earlier stages and leaves the directory as it is (a retry of a later stage runs
   * in place).
   */
  static void prepare(Path dir, TrialContext<?> t) throws IOException {
    Prepared last = PREPARED.get();
    PREPARED.set(new Prepared(dir, t.stage()));
    if (last != null && last.dir().equals(dir) && isEarlierStage(t, last.stage())) {
      PREPARED.set(last);
      Files.createDirectories(dir.resolve("tmp"));
      return;
    }
    KnownDirectories.ensure(dir.getParent());
    try {
      try {
        Files.createDirectory(dir);
      } catch (NoSuchFileException e) {
        KnownDirectories.retry(dir.getParent()); // the config's folder was deleted meanwhile
        Files.createDirectory(dir);
      }
      Files.createDirectory(dir.resolve("tmp")); // a new directory: nothing to move aside
      return;
    } catch (FileAlreadyExistsException e) {
      // a case that ran before: move what it left aside
    }
    List<Path> leftovers;
    try (Stream<Path> entries = Files.list(dir)) {
      leftovers = entries.filter(p -> !isAttemptDir(p)).toList();
    }
    if (!leftovers.isEmpty()) {
      long earlier;
      try (Stream<Path> entries = Files.list(dir)) {
        earlier = entries.filter(CaseDirectory::isAttemptDir).count();
      }
      Path target = dir.resolve("attempt-" + (earlier + 1));
      Files.createDirectory(target);
      for (Path p : leftovers) {
        Files.move(p, target.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
      }
    }
    Files.createDirectory(dir.resolve("tmp"));
  }

  /** The case directory a worker thread's last process stage prepared, and that stage. */
  private record Prepared(Path dir, String stage) {}

  private static boolean isEarlierStage(TrialContext<?> t, String stage) {
    if (stage.equals(t.stage())) {
      return false;
    }
    try {
      t.output(stage);
      return true;
    } catch (TrialbookException e) {
      return false; // not an earlier stage of this trial: the files are another run's
    }
  }

  private static boolean isAttemptDir(Path p) {
    return p.getFileName().toString().matches("attempt-\\d+") && Files.isDirectory(p);
  }

  static String hash(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      StringBuilder hex = new StringBuilder();
      for (int i = 0; i < 4; i++) {
        hex.append(String.format(Locale.ROOT, "%02x", d[i]));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** A stable non-negative 31-bit seed for {@code key} in run {@code runId}. */
  static long seed(String runId, String key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256")
          .digest((runId + "/" + key).getBytes(StandardCharsets.UTF_8));
      return ((d[0] & 0x7fL) << 24) | ((d[1] & 0xffL) << 16) | ((d[2] & 0xffL) << 8) | (d[3] & 0xffL);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
