package io.github.trialbook.bench;

import io.github.trialbook.BatchResult;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.process.ProcessStage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Subprocess throughput: {@code N} trials of {@code /bin/true} at parallelism 8.
 *
 * <p>Workload and baselines, all in the same run, each repeated {@code --reps} times (median):
 * <ul>
 *   <li>Trialbook: a checkpointed batch with a {@link ProcessStage} (case directory, tmp/, stdout and
 *       stderr log files, process record, exit code, checkpoint line per trial);</li>
 *   <li>GNU parallel: {@code parallel -j8 --results DIR /bin/true} over the same N jobs (it too
 *       writes a directory and stdout/stderr files per job);</li>
 *   <li>Python: {@code ThreadPoolExecutor(8)} + {@code subprocess.run(["/bin/true"])}, without files
 *       and with the same case directory, tmp/ and two log files per job;</li>
 *   <li>bare Java: 8 threads running {@code ProcessBuilder("/bin/true")} with output discarded, and
 *       the same with a case directory and two log files per trial, which gives the per-trial cost
 *       of the case directory + logs on its own.</li>
 * </ul>
 *
 * <p>Run: {@code bin/bench processes [--trials 2000] [--reps 3]}. Needs {@code parallel} (Debian
 * package {@code parallel}) and {@code python3} on the PATH; a missing one is reported and skipped.
 */
public final class ProcessesBenchmark {
  private static final int PARALLELISM = 8;

  private ProcessesBenchmark() {}

  public static void main(String[] args) throws Exception {
    int trials = Bench.intArg(args, "--trials", 2000);
    int reps = Bench.intArg(args, "--reps", 3);
    Path work = Files.createTempDirectory("trialbook-bench-processes");
    ProcessStage.command(t -> List.of("/bin/true")).build(); // its launch mechanism, for every row
    // the JDK closes every inherited descriptor one by one in each child: the JVM's open files
    // (the jars of its class path among them) are part of every start's cost
    String[] fds = new File("/proc/self/fd").list();
    System.out.printf(Locale.ROOT, "%d × /bin/true at parallelism %d, median of %d, JDK %s, %d cores, "
        + "launch mechanism %s, %s open file descriptors in this JVM%n", trials, PARALLELISM, reps,
        Runtime.version(), Runtime.getRuntime().availableProcessors(),
        System.getProperty("jdk.lang.Process.launchMechanism", "JDK default"),
        fds == null ? "?" : Integer.toString(fds.length));
    double bare = median(reps, true, () -> javaPool(trials, null));
    double withFiles = median(reps, true, () -> javaPool(trials, work.resolve("java-cases")));
    double trialbook = median(reps, true, () -> trialbook(trials, work.resolve("tb")));
    double parallel = median(reps, false, () -> gnuParallel(trials, work.resolve("gnu")));
    double python = median(reps, false, () -> python(trials, work, false));
    double pythonFiles = median(reps, false, () -> python(trials, work, true));
    report("Trialbook ProcessStage", trials, trialbook, trialbook);
    report("GNU parallel --results", trials, parallel, trialbook);
    report("Python ThreadPoolExecutor", trials, python, trialbook);
    report("Python pool + case dir + logs", trials, pythonFiles, trialbook);
    report("bare Java ProcessBuilder", trials, bare, trialbook);
    report("bare Java + case dir + logs", trials, withFiles, trialbook);
    System.out.printf(Locale.ROOT, "case directory + logs: %.3f ms wall per trial (%.2f ms of a "
        + "worker's time; bare Java with vs without them); engine, checkpoint, process records and "
        + "output record: %.3f ms wall per trial%n", (withFiles - bare) * 1000 / trials,
        (withFiles - bare) * 1000 / trials * PARALLELISM, (trialbook - withFiles) * 1000 / trials);
    System.out.printf(Locale.ROOT, "Trialbook throughput vs GNU parallel: %.2fx, vs Python pool: "
        + "%.2fx, vs Python pool writing the same case dirs and logs: %.2fx%n", parallel / trialbook,
        python / trialbook, pythonFiles / trialbook);
    delete(work);
  }

  private interface Run {
    double seconds() throws Exception;
  }

  private static double median(int reps, boolean warmUp, Run run) throws Exception {
    if (warmUp) {
      run.seconds(); // the JIT; external tools start a fresh process each time
    }
    double[] s = new double[reps];
    for (int i = 0; i < reps; i++) {
      s[i] = run.seconds();
    }
    java.util.Arrays.sort(s);
    return s[reps / 2];
  }

  private static void report(String name, int trials, double seconds, double trialbook) {
    if (Double.isNaN(seconds)) {
      System.out.printf(Locale.ROOT, "%-30s skipped (not installed)%n", name);
      return;
    }
    System.out.printf(Locale.ROOT, "%-30s %7.2f s  %7.0f trials/s  Trialbook/this %.2fx%n", name,
        seconds, trials / seconds, seconds / trialbook);
  }

  private static double trialbook(int trials, Path runDir) throws IOException {
    delete(runDir);
    BatchSpec<Integer> spec = Trialbook.batch("bench-processes",
            IntStream.range(0, trials).boxed().toList(), Bench::id)
        .stage("run", ProcessStage.command(t -> List.of("/bin/true")).build())
        .parallelism(PARALLELISM).runDir(runDir).consoleProgress(false).build();
    long t0 = System.nanoTime();
    BatchResult r = Trialbook.runBatch(spec);
    double s = (System.nanoTime() - t0) / 1e9;
    if (r.ok() != trials) {
      throw new IllegalStateException("only " + r.ok() + " of " + trials + " ok: " + r.failures());
    }
    return s;
  }

  private static double javaPool(int trials, Path cases) throws Exception {
    if (cases != null) {
      delete(cases);
    }
    ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
    long t0 = System.nanoTime();
    List<Future<Integer>> futures = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      int n = i;
      futures.add(pool.submit(() -> {
        ProcessBuilder pb = new ProcessBuilder("/bin/true");
        if (cases == null) {
          pb.redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD);
        } else {
          Path dir = cases.resolve("default").resolve(Integer.toString(n));
          Files.createDirectories(dir.resolve("tmp"));
          pb.directory(dir.toFile()).redirectOutput(dir.resolve("stdout.log").toFile())
              .redirectError(dir.resolve("stderr.log").toFile());
        }
        Process p = pb.start();
        p.getOutputStream().close();
        return p.waitFor();
      }));
    }
    for (Future<Integer> f : futures) {
      if (f.get() != 0) {
        throw new IllegalStateException("/bin/true failed");
      }
    }
    double s = (System.nanoTime() - t0) / 1e9;
    pool.shutdown();
    return s;
  }

  private static double gnuParallel(int trials, Path results) throws Exception {
    if (!onPath("parallel")) {
      return Double.NaN;
    }
    delete(results);
    Path jobs = Files.createTempFile("jobs", ".txt");
    Files.write(jobs, IntStream.range(0, trials).mapToObj(Integer::toString).toList());
    long t0 = System.nanoTime();
    int exit = new ProcessBuilder("parallel", "-j" + PARALLELISM, "--results", results.toString(),
        "-a", jobs.toString(), "/bin/true", "{}").redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
    double s = (System.nanoTime() - t0) / 1e9;
    Files.delete(jobs);
    if (exit != 0) {
      throw new IllegalStateException("parallel exited " + exit);
    }
    return s;
  }

  /** The Python pool; with {@code files}, each job gets a case dir, tmp/ and two log files too. */
  private static double python(int trials, Path work, boolean files) throws Exception {
    if (!onPath("python3")) {
      return Double.NaN;
    }
    Path cases = work.resolve("py-cases");
    delete(cases);
    Path script = work.resolve("pool.py");
    Files.writeString(script, """
        import os, subprocess, sys, time
        from concurrent.futures import ThreadPoolExecutor
        n, p, cases = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
        def plain(i):
            return subprocess.run(["/bin/true"]).returncode
        def with_files(i):
            d = os.path.join(cases, "default", str(i))
            os.makedirs(os.path.join(d, "tmp"))
            with open(os.path.join(d, "stdout.log"), "wb") as out, \\
                    open(os.path.join(d, "stderr.log"), "wb") as err:
                return subprocess.run(["/bin/true"], cwd=d, stdout=out, stderr=err,
                                      stdin=subprocess.DEVNULL).returncode
        t0 = time.perf_counter()
        with ThreadPoolExecutor(p) as pool:
            codes = list(pool.map(with_files if cases != "-" else plain, range(n)))
        assert not any(codes)
        print(time.perf_counter() - t0)
        """);
    Process p = new ProcessBuilder("python3", script.toString(), Integer.toString(trials),
        Integer.toString(PARALLELISM), files ? cases.toString() : "-")
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("python3 pool failed");
    }
    return Double.parseDouble(out);
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
