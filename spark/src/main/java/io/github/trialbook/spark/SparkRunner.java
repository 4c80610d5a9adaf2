package io.github.trialbook.spark;

import io.github.trialbook.BatchEngine;
import io.github.trialbook.BatchHandle;
import io.github.trialbook.BatchResult;
import io.github.trialbook.Select;
import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.engine.BatchRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a batch's trials on Spark executors, from the same notebook cell and with the same spec as
 * the local engine: the same run directory (resume, reruns, {@code Trialbook.open}, reports and
 * the audit work unchanged on it), the same live view, one checkpoint.
 *
 * <pre>{@code
 * SparkSession spark = SparkRunner.configure(SparkSession.builder())
 *     .master("local-cluster[2,1,1024]").getOrCreate();       // or a real cluster
 * BatchResult r = SparkRunner.on(spark).runBatch(spec);          // resumes spec's runDir
 * SparkRunner.on(spark).rerun(spec, Select.failed());
 * }</pre>
 *
 * <p><b>What runs where.</b> The driver (the notebook's JVM) opens the run directory, leaves out
 * the finished trials, slices the rest into partitions of at most {@link #partitionSize} trials
 * in queue order (config-interleaved) and runs one Spark job over them. Each task runs its
 * partition's trials in order with the local engine and one worker: per stage the retries,
 * timeouts and resource limits of the spec apply as locally, except that a limit of {@code k}
 * means {@code k} at a time <em>per executor</em> (and the wait for the permit counts toward the
 * stage's timeout). The driver alone writes the checkpoint: each partition's records come back
 * through the job's result handler, are scrubbed of the configs' secrets and appended, the first
 * complete record of a trial only. Stage functions, inputs and config params must be
 * serializable; a stage capturing something that is not is refused before the job starts, naming
 * the stage and the captured type. Classes defined in notebook cells (or anywhere the executors'
 * class path does not reach) are served to the executors through Spark's REPL class server, which
 * needs {@code spark.repl.class.outputDir} set when the session is created: {@link #configure}.
 * A stage runs where the cells' top-level variables do not exist (JShell keeps them as static
 * fields, and executors load the classes afresh): what a stage needs comes from its input, its
 * config's params, or what it captures. Executors get Trialbook's own jars (the ones this
 * runner and the core were loaded from) from the driver, added to the context before the job.
 * Model calls do not belong on executors: scale them with endpoints in an {@code EndpointPool}.
 *
 * <p><b>What may repeat.</b> A task attempt that is retried (a lost executor, a failed task) or
 * run speculatively runs its stages again: their side effects (files written, calls made, time
 * and money spent) may happen more than once for a trial, though it is recorded once. A trial of a
 * partition that was running when the driver died or the batch was cancelled runs again on
 * resume. Only the record is exactly once.
 *
 * <p><b>Cancel.</b> {@code cancel()} on the handle, or a notebook interrupt of {@link #runBatch},
 * cancels the Spark job (its tasks are interrupted) and leaves the run resumable.
 *
 * <p>Not run on Spark: {@code evaluate}, {@code earlyStop} and {@code budget}, which act on
 * trials as they finish in the local engine's one queue: a spec with any of them is refused
 * before anything runs, with a message naming each and the fix ({@code Trialbook.runBatch(spec)}
 * keeps them). Immutable; thread-safe.
 */
public final class SparkRunner implements BatchEngine {
  /** Trials per partition at most: small enough to lose little with an executor. */
  public static final int DEFAULT_PARTITION_SIZE = 256;

  private final SparkContext sc;
  private final int partitionSize;

  private SparkRunner(SparkContext sc, int partitionSize) {
    this.sc = sc;
    this.partitionSize = partitionSize;
  }

  /** The runner of {@code spark}'s context. */
  public static SparkRunner on(SparkSession spark) {
    Objects.requireNonNull(spark, "spark");
    return on(spark.sparkContext());
  }

  /** The runner of {@code sc}. */
  public static SparkRunner on(SparkContext sc) {
    Objects.requireNonNull(sc, "sc");
    return new SparkRunner(sc, DEFAULT_PARTITION_SIZE);
  }

  /**
   * {@code builder} with {@code spark.repl.class.outputDir} set to a new temporary directory, so
   * that classes defined in notebook cells can be served to the executors. Call it before
   * {@code getOrCreate()}: Spark reads the setting when the context starts.
   *
   * <pre>{@code
   * SparkSession spark = SparkRunner.configure(SparkSession.builder().master("local[2]"))
   *     .getOrCreate();
   * }</pre>
   */
  public static SparkSession.Builder configure(SparkSession.Builder builder) {
    try {
      Path dir = Files.createTempDirectory("trialbook-spark-classes-");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir),
          "trialbook-spark-classes-cleanup"));
      return builder.config(CLASS_DIR, dir.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a directory for notebook classes", e);
    }
  }

  private static void deleteTree(Path dir) {
    try (java.util.stream.Stream<Path> all = Files.walk(dir)) {
      all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind; the OS cleans it
    }
  }

  /** The Spark setting for the served classes. */
  static final String CLASS_DIR = "spark.repl.class.outputDir";

  /**
   * This runner with at most {@code trials} per partition (default
   * {@value #DEFAULT_PARTITION_SIZE}); smaller ones lose less with an executor and cost a little
   * more per trial.
   *
   * <pre>{@code
   * SparkRunner.on(spark).partitionSize(64).runBatch(spec);
   * }</pre>
   */
  public SparkRunner partitionSize(int trials) {
    if (trials < 1) {
      throw new BatchConfigException("partitionSize must be at least 1 (was " + trials
          + "); a few hundred suits CPU-bound stages of about a millisecond");
    }
    return new SparkRunner(sc, trials);
  }

  /**
   * As {@code Trialbook.runBatch}, on Spark: resumes the run directory, blocks, shows the live
   * view (running tasks per executor, lost executors, re-executed trials); an interrupt cancels.
   *
   * @throws BatchConfigException before anything runs, if the spec cannot run on Spark: it has
   *     {@code evaluate}, {@code earlyStop} or {@code budget}, or a stage, input or param that
   *     cannot be serialized
   */
  @Override
  public BatchResult runBatch(BatchSpec<?> spec) {
    Shipping.refuseUnsupported(spec);
    return BatchEngine.super.runBatch(spec);
  }

  /** As {@code Trialbook.startBatch}, on Spark: returns at once. */
  @Override
  public BatchHandle startBatch(BatchSpec<?> spec) {
    Shipping.refuseUnsupported(spec);
    return BatchEngine.super.startBatch(spec);
  }

  /** As {@code Trialbook.rerun}, on Spark: runs the selected trials again, appended to the run. */
  @Override
  public BatchResult rerun(BatchSpec<?> spec, Select... selection) {
    Shipping.refuseUnsupported(spec);
    return BatchEngine.super.rerun(spec, selection);
  }

  /** Starts the job; the launcher calls it once the run directory is open. */
  @Override
  public Run start(BatchSpec<?> spec, BatchRunner.Plan plan) {
    return startRun(spec, plan);
  }

  private <I> SparkRun<I> startRun(BatchSpec<I> spec, BatchRunner.Plan plan) {
    Shipping.refuseUnsupported(spec);
    ShippedSpec<I> shipped = new ShippedSpec<>(spec, UUID.randomUUID().toString());
    Set<Class<?>> used = Shipping.check(spec, shipped);
    shipOwnJars();
    serve(spec, SnippetClasses.of(used));
    try {
      SparkRun<I> run = new SparkRun<>(sc, spec, plan, partitionSize);
      run.start(shipped);
      return run;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the live view's socket on the driver", e);
    }
  }

  /**
   * Adds the jars this runner and Trialbook's core were loaded from (in a notebook: the kernel's
   * {@code trialbook-kernel-ext-all} and {@code trialbook-spark} jars) to the context, unless a
   * jar of the same name is there already, so executors load them without {@code spark.jars}.
   * Nothing to add when they are class directories (a build) or the master is local (one JVM).
   */
  private void shipOwnJars() {
    if (sc.isLocal()) {
      return;
    }
    Set<String> added = new java.util.HashSet<>();
    scala.jdk.javaapi.CollectionConverters.asJava(sc.listJars())
        .forEach(url -> added.add(url.substring(url.lastIndexOf('/') + 1)));
    for (Class<?> c : List.of(SparkRunner.class, BatchSpec.class)) {
      java.security.CodeSource source = c.getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        continue;
      }
      try {
        Path jar = Path.of(source.getLocation().toURI());
        String name = jar.getFileName().toString();
        if (name.endsWith(".jar") && Files.isRegularFile(jar) && added.add(name)) {
          sc.addJar(jar.toString());
        }
      } catch (java.net.URISyntaxException | IllegalArgumentException e) {
        // not a file: the executors must have it on their class path already
      }
    }
  }

  private void serve(BatchSpec<?> spec, Map<String, byte[]> classes) {
    if (classes.isEmpty()) {
      return;
    }
    String dir = sc.getConf().get(CLASS_DIR, null);
    if (dir == null) {
      if (sc.isLocal()) {
        return; // one JVM: the tasks may see the classes through the context loader
      }
      throw new BatchConfigException("batch " + spec.name() + " uses classes the executors "
          + "cannot load (" + String.join(", ", classes.keySet().stream().limit(3)
          .map(p -> p.replace('/', '.').replace(".class", "")).toList()) + ", ...), such as "
          + "those of notebook cells; create the session with SparkRunner.configure("
          + "SparkSession.builder())...getOrCreate() so the driver can serve them, or put them "
          + "in a jar listed in spark.jars");
    }
    SnippetClasses.write(classes, Path.of(dir));
  }
}
