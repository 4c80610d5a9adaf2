package io.github.trialbook.process;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.StageFunction;
import io.github.trialbook.batch.TrialContext;
import io.github.trialbook.batch.TrialbookException;
import io.github.trialbook.internal.Checks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A stage that runs one external program per trial, as an argument list (never a shell string),
 * and fails the trial unless the program exits 0 and leaves every required artifact. Immutable and
 * thread-safe: one instance serves every worker.
 *
 * <p><b>Case directory.</b> Each trial runs in {@code <runDir>/cases/<config>/<inputId>/} (a temp
 * folder when the batch has no checkpoint), its working directory, with its own {@code tmp/}
 * ({@code TMPDIR}, {@code TMP}, {@code TEMP}); stdout and stderr stream to {@code stdout.log} and
 * {@code stderr.log} there (the OS writes them; nothing is held in memory). A retry, or a resume
 * after a crash, first moves what the earlier attempt left to {@code attempt-<n>/}. The process
 * stages of one trial share its case directory: a later stage sees what an earlier one wrote, and
 * only the trial's first process stage moves earlier attempts aside (a retry of a later stage runs
 * in place).
 *
 * <p><b>Environment.</b> The program inherits the JVM's environment plus the batch's identity:
 * {@code TRIALBOOK_BATCH}, {@code TRIALBOOK_RUN_ID} (the same after a resume),
 * {@code TRIALBOOK_TRIAL} (the key), {@code TRIALBOOK_CONFIG}, {@code TRIALBOOK_INPUT_ID},
 * {@code TRIALBOOK_ATTEMPT}, {@code TRIALBOOK_SEED} (stable per trial and run),
 * {@code TRIALBOOK_CASE_DIR} and each config param as {@code TRIALBOOK_PARAM_<KEY>}. Thread caps
 * ({@code OMP_NUM_THREADS}, {@code MKL_NUM_THREADS}, {@code OPENBLAS_NUM_THREADS},
 * {@code NUMEXPR_NUM_THREADS}, {@code NUMBA_NUM_THREADS}, {@code VECLIB_MAXIMUM_THREADS}) are set
 * to {@link Builder#threads}; when it is not set they default to 1 unless the stage takes a
 * resource, because N workers each using every core is the oversubscription that times
 * everything out. {@link Builder#env} comes last and wins.
 *
 * <p><b>No process is left behind.</b> A stage timeout, a cancel or a notebook interrupt (all
 * reach the stage as an interrupt) end the whole tree: descendants first, SIGTERM, then SIGKILL
 * after {@link Builder#killGrace}. Processes the program left running after it exited are ended
 * too. A JVM shutdown ends every tree still running; after a SIGKILL of the JVM, the per-worker
 * records in {@code <runDir>/processes/} let the next resume or {@code open} end the orphans
 * ({@link Orphans}). Keep the spec's {@code cancelGrace} and {@code abandonAfter} above the kill
 * grace so the engine waits for the tree to end.
 *
 * <pre>{@code
 * .stage("sim", ProcessStage.command(t -> List.of("python3", "sim.py",
 *             "--T", t.config().stringParam("T"), "--out", "out"))
 *         .threads(1)
 *         .env(Map.of("SKIP_PIP", "1"))
 *         .require("out/summary.json", "out/series/*.parquet")
 *         .killGrace(Duration.ofSeconds(5))
 *         .build())
 * }</pre>
 *
 * @param <I> the input type
 */
public final class ProcessStage<I> implements StageFunction<I> {
  static final List<String> THREAD_VARIABLES = List.of("OMP_NUM_THREADS", "MKL_NUM_THREADS",
      "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS", "NUMBA_NUM_THREADS", "VECLIB_MAXIMUM_THREADS");
  private static final int TAIL_LINES = 20;
  private static final long POLL_MILLIS = 100;
  private static final long TREE_CHECK_MILLIS = 500;

  static {
    LaunchMechanism.preferVfork();
  }

  private final CommandFunction command;
  private final Integer threads;
  private final Map<String, String> env;
  private final List<String> required;
  private final Duration killGrace;

  private ProcessStage(Builder b) {
    this.command = b.command;
    this.threads = b.threads;
    this.env = Map.copyOf(b.env);
    this.required = List.copyOf(b.required);
    this.killGrace = b.killGrace;
  }

  /** The command of a trial: program and arguments. */
  @FunctionalInterface
  public interface CommandFunction {
    List<String> command(TrialContext<?> trial) throws Exception;
  }

  /** Starts a process stage running {@code command}'s argument list for each trial. */
  public static Builder command(CommandFunction command) {
    return new Builder(Checks.notNull(command, "command", "pass t -> List.of(\"program\", "
        + "\"arg\", ...)", BatchConfigException::new));
  }

  /** The required artifact patterns, relative to the case directory. */
  public List<String> required() {
    return required;
  }

  @Override
  public Object run(TrialContext<I> t) throws Exception {
    List<String> cmd = checkedCommand(t);
    Path base = t.runDir().orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"),
        "trialbook", t.batch().isEmpty() ? "batch" : t.batch()));
    Path caseDir = CaseDirectory.of(base, t.config().name(), t.inputId()).toAbsolutePath();
    CaseDirectory.prepare(caseDir, t);
    Masker masker = Masker.of(t.config().params(), env);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(caseDir.toFile())
        .redirectOutput(caseDir.resolve("stdout.log").toFile())
        .redirectError(caseDir.resolve("stderr.log").toFile());
    environment(pb.environment(), t, base, caseDir);
    long started = System.nanoTime();
    long startedMillis = System.currentTimeMillis();
    Process p;
    try {
      p = ProcessTrees.start(pb, killGrace);
    } catch (IOException e) {
      throw new TrialbookException("cannot start " + masker.command(cmd) + " in " + caseDir
          + " (" + e.getMessage() + "); check that the program exists and is executable, or "
          + "give its full path");
    }
    p.getOutputStream().close(); // the program reads an empty stdin, never the notebook's
    ProcessHandle root = p.toHandle();
    boolean recorded = t.runDir().isPresent();
    List<ProcessHandle> lastTree = List.of(root);
    try {
      if (recorded) {
        Orphans.write(base, t.key(), t.worker(), p.pid(), startedMillis, List.of());
      }
      lastTree = await(p, t, caseDir.resolve("stderr.log"), masker, base, recorded, startedMillis);
    } catch (InterruptedException e) {
      ProcessTrees.end(root, killGrace);
      throw e;
    } finally {
      List<ProcessHandle> left = alive(lastTree);
      if (!left.isEmpty()) {
        ProcessTrees.endAll(left, killGrace); // what the program left running
      }
      ProcessTrees.unregister(root);
      if (recorded) {
        Orphans.clear(base, t.worker());
      }
    }
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    Path stderr = caseDir.resolve("stderr.log");
    List<String> tail = Files.size(stderr) == 0 ? List.of()
        : masker.lines(LogTail.lines(stderr, TAIL_LINES));
    int exit = p.exitValue();
    if (exit != 0) {
      throw new ProcessFailedException(masker.command(cmd) + " " + exitText(exit) + " in "
          + caseDir + (tail.isEmpty() ? "; stderr was empty" : "; last lines of stderr:\n  "
          + String.join("\n  ", tail)), exit, tail);
    }
    Map<String, List<String>> found = Artifacts.find(caseDir, required);
    List<String> missing = new ArrayList<>();
    List<String> artifacts = new ArrayList<>();
    found.forEach((pattern, files) -> {
      if (files.isEmpty()) {
        missing.add(pattern);
      }
      artifacts.addAll(files);
    });
    if (!missing.isEmpty()) {
      throw new MissingArtifactsException(masker.command(cmd) + " exited 0 but did not write "
          + missing.size() + " required artifact" + (missing.size() == 1 ? "" : "s") + " in "
          + caseDir + ": " + String.join(", ", missing) + "; check the program's output paths "
          + "(relative to the case directory) or the require(...) patterns", missing);
    }
    return new ProcessResult(exit, p.pid(), caseDir.toString(), elapsedMs, tail, artifacts,
        required);
  }

  /** Waits for the exit, keeping the live note and the process record current. */
  private List<ProcessHandle> await(Process p, TrialContext<I> t, Path stderr, Masker masker,
      Path base, boolean recorded, long startedMillis) throws InterruptedException, IOException {
    String pid = "pid " + p.pid();
    t.note(pid);
    long stderrSize = 0;
    long nextTreeCheck = System.nanoTime() + TREE_CHECK_MILLIS * 1_000_000L;
    List<ProcessHandle> tree = List.of(p.toHandle());
    while (!p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
      long size = Files.size(stderr);
      if (size != stderrSize) {
        stderrSize = size;
        List<String> last = LogTail.lines(stderr, 1);
        t.note(last.isEmpty() ? pid : pid + " · " + masker.text(last.get(0)));
      }
      if (System.nanoTime() > nextTreeCheck) {
        nextTreeCheck = System.nanoTime() + TREE_CHECK_MILLIS * 1_000_000L;
        List<ProcessHandle> now = ProcessTrees.snapshot(p.toHandle());
        if (!now.equals(tree)) {
          tree = merged(tree, now);
          if (recorded) {
            Orphans.write(base, t.key(), t.worker(), p.pid(), startedMillis, tree);
          }
        }
      }
      if (t.isCancelled()) {
        throw new InterruptedException("the batch was cancelled");
      }
    }
    return tree;
  }

  private static List<ProcessHandle> merged(List<ProcessHandle> before, List<ProcessHandle> now) {
    List<ProcessHandle> out = new ArrayList<>(now);
    for (ProcessHandle p : before) {
      if (!out.contains(p) && ProcessTrees.isRunning(p)) {
        out.add(0, p);
      }
    }
    return out;
  }

  private static List<ProcessHandle> alive(List<ProcessHandle> tree) {
    return tree.stream().filter(ProcessTrees::isRunning).toList();
  }

  private List<String> checkedCommand(TrialContext<I> t) throws Exception {
    List<String> cmd = command.command(t);
    if (cmd == null || cmd.isEmpty()) {
      throw new BatchConfigException("the command of stage " + t.stage() + " for " + t.key()
          + " is " + (cmd == null ? "null" : "empty") + "; return List.of(\"program\", \"arg\", ...)");
    }
    for (int i = 0; i < cmd.size(); i++) {
      if (cmd.get(i) == null) {
        throw new BatchConfigException("argument [" + i + "] of the command of stage " + t.stage()
            + " for " + t.key() + " is null; pass a value, e.g. String.valueOf(x)");
      }
    }
    return List.copyOf(cmd);
  }

  private void environment(Map<String, String> e, TrialContext<I> t, Path base, Path caseDir) {
    String runId = CaseDirectory.runId(base);
    Path tmp = caseDir.resolve("tmp");
    e.put("TRIALBOOK_BATCH", t.batch());
    e.put("TRIALBOOK_RUN_ID", runId);
    e.put("TRIALBOOK_TRIAL", t.key());
    e.put("TRIALBOOK_CONFIG", t.config().name());
    e.put("TRIALBOOK_INPUT_ID", t.inputId());
    e.put("TRIALBOOK_ATTEMPT", Integer.toString(t.attempt()));
    e.put("TRIALBOOK_SEED", Long.toString(CaseDirectory.seed(runId, t.key())));
    e.put("TRIALBOOK_CASE_DIR", caseDir.toString());
    e.put("TMPDIR", tmp.toString());
    e.put("TMP", tmp.toString());
    e.put("TEMP", tmp.toString());
    t.config().params().forEach((k, v) -> e.put("TRIALBOOK_PARAM_" + envName(k), String.valueOf(v)));
    Integer caps = threads != null ? threads : t.stageResource().isPresent() ? null : 1;
    if (caps != null) {
      THREAD_VARIABLES.forEach(v -> e.put(v, Integer.toString(caps)));
    }
    e.putAll(env);
  }

  static String envName(String key) {
    return key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
  }

  private static String exitText(int exit) {
    if (exit > 128 && exit < 160 && !System.getProperty("os.name").startsWith("Windows")) {
      int signal = exit - 128;
      return "was killed by signal " + signal + signalName(signal) + " (exit code " + exit + ")";
    }
    return "exited with code " + exit;
  }

  private static String signalName(int signal) {
    return switch (signal) {
      case 1 -> " (HUP)";
      case 2 -> " (INT)";
      case 6 -> " (ABRT)";
      case 9 -> " (KILL)";
      case 11 -> " (SEGV)";
      case 15 -> " (TERM)";
      default -> "";
    };
  }

  /** Replaces the values of secret-looking params and env entries with {@code ***}. */
  private record Masker(List<String> secrets) {
    static Masker of(Map<String, Object> params, Map<String, String> env) {
      List<String> secrets = new ArrayList<>();
      params.forEach((k, v) -> {
        if (Secrets.looksSecret(k) && String.valueOf(v).length() >= 3) {
          secrets.add(String.valueOf(v));
        }
      });
      env.forEach((k, v) -> {
        if (Secrets.looksSecret(k) && v.length() >= 3) {
          secrets.add(v);
        }
      });
      return new Masker(secrets);
    }

    String text(String s) {
      String out = s;
      for (String secret : secrets) {
        out = out.replace(secret, Secrets.MASK);
      }
      return out;
    }

    List<String> lines(List<String> lines) {
      return lines.stream().map(this::text).toList();
    }

    /** The command as one line, secrets masked, including the value after a secret flag. */
    String command(List<String> cmd) {
      List<String> shown = new ArrayList<>();
      boolean maskNext = false;
      for (String arg : cmd) {
        String a = text(arg);
        if (maskNext) {
          a = Secrets.MASK;
          maskNext = false;
        } else if (arg.startsWith("-") && Secrets.looksSecret(arg)) {
          int eq = arg.indexOf('=');
          if (eq > 0) {
            a = arg.substring(0, eq + 1) + Secrets.MASK;
          } else {
            maskNext = true;
          }
        }
        shown.add(a.contains(" ") ? "'" + a + "'" : a);
      }
      return "[" + String.join(" ", shown) + "]";
    }
  }

  /**
   * Settings of a {@link ProcessStage}. Not thread-safe; {@link #build()} returns the immutable
   * stage.
   */
  public static final class Builder {
    private final CommandFunction command;
    private Integer threads;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> required = new ArrayList<>();
    private Duration killGrace = Duration.ofSeconds(2);

    private Builder(CommandFunction command) {
      this.command = command;
    }

    /** The thread caps ({@code OMP_NUM_THREADS} and friends); default 1 (see the class doc). */
    public Builder threads(int n) {
      if (n < 1) {
        throw new BatchConfigException("threads must be at least 1 (was " + n + "); call "
            + "threads(n) with n >= 1");
      }
      this.threads = n;
      return this;
    }

    /** Extra environment variables; they override the ones the stage sets. */
    public Builder env(Map<String, String> vars) {
      Checks.notNull(vars, "env", "pass Map.of() for none", BatchConfigException::new);
      vars.forEach((k, v) -> {
        Checks.notNull(k, "an env name", "remove the null key", BatchConfigException::new);
        Checks.notNull(v, "env " + k, "give a value or remove it", BatchConfigException::new);
        env.put(k, v);
      });
      return this;
    }

    /**
     * Artifacts the program must leave, relative to the case directory; globs allowed
     * ({@code out/series/*.parquet}, {@code **}/{@code *.csv}). A zero exit without them fails the
     * trial with {@link MissingArtifactsException}.
     */
    public Builder require(String... paths) {
      Checks.notNull(paths, "require", "pass relative paths", BatchConfigException::new);
      for (String p : paths) {
        Checks.notNull(p, "a required path", "remove the null", BatchConfigException::new);
        if (p.isBlank() || p.startsWith("/") || p.startsWith("\\") || p.contains("..")
            || (p.length() > 1 && p.charAt(1) == ':')) {
          throw new BatchConfigException("required artifact \"" + p + "\" must be a relative "
              + "path inside the case directory (no leading '/', no '..'); e.g. out/summary.json");
        }
        required.add(p);
      }
      return this;
    }

    /** How long a TERM-ed tree may take before it is KILL-ed; default 2 s. */
    public Builder killGrace(Duration grace) {
      Checks.notNull(grace, "killGrace", "pass e.g. Duration.ofSeconds(5)",
          BatchConfigException::new);
      if (grace.isNegative()) {
        throw new BatchConfigException("killGrace cannot be negative (was " + grace + ")");
      }
      this.killGrace = grace;
      return this;
    }

    public <I> ProcessStage<I> build() {
      return new ProcessStage<>(this);
    }
  }
}
