package io.github.trialbook.batch;

import io.github.trialbook.batch.event.BatchListener;
import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.VirtualThreads;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One batch to run: configs × inputs, the stages each trial runs in order, and the policies
 * (parallelism, resource limits, retry, timeout). Immutable and validated: every builder method
 * rejects a bad argument at once with a {@link BatchConfigException} that names the field, the
 * value and the fix (so the error points at the line that caused it), and {@link Builder#build()}
 * checks what several settings decide together, before any work starts.
 *
 * <p>Trials are numbered {@code inputIndex * configs + configIndex}, so the natural order
 * interleaves configs and every config has results early.
 *
 * <pre>{@code
 * BatchSpec<Doc> spec = Trialbook.batch("triage", docs, Doc::id)
 *     .configs(Config.of("A", Map.of("model", "m1")), Config.of("B", Map.of("model", "m2")))
 *     .stage("stage1", t -> classify(t.config(), t.input()))
 *     .stage("llm", "gpu", t -> askModel(t))
 *     .limit("gpu", 2)
 *     .parallelism(8)
 *     .retry(Retry.exponential(3, Duration.ofSeconds(1), Duration.ofSeconds(30)))
 *     .timeout(Duration.ofMinutes(5))
 *     .build();
 * }</pre>
 *
 * @param <I> the input type
 */
public final class BatchSpec<I> {
  /** Column names of the results table that a stage may not take. */
  public static final Set<String> RESERVED_NAMES = Set.of("config", "input_id", "status",
      "attempts", "error", "worker", "started_at", "latency_ms", "key", "seq");

  /** More workers than this is a mistake, not a plan. */
  public static final int MAX_PARALLELISM = 4096;

  private final String name;
  private final List<I> inputs;
  private final List<String> inputIds;
  private final List<Config> configs;
  private final List<Stage<I>> stages;
  private final List<String> stageNames;
  private final Map<String, Integer> limits;
  private final int parallelism;
  private final Parallelism parallelismPolicy;
  private final Retry retry;
  private final Duration timeout;
  private final Duration abandonAfter;
  private final Duration cancelGrace;
  private final Duration progressInterval;
  private final boolean consoleProgress;
  private final List<BatchListener> listeners;
  private final List<Supplier<?>> panels;
  private final List<OnFinish<?>> onFinish;
  private final BatchClock clock;
  private final Path runDir;
  private final Path reportFile;
  private final CheckpointPolicy checkpoint;
  private final boolean continueOnMismatch;
  private final List<String> sweepAxes;
  private final TrialNumbering numbering;
  private final Order order;
  private final Evaluate<I> evaluate;
  private final OutputColumn predictionColumn;
  private final EarlyStop earlyStop;
  private final Budget budget;
  private final boolean virtualThreads;
  /** Input index to its position in {@link #order}; made once, on first use. */
  private volatile int[] ranks;

  private BatchSpec(Builder<I> b, List<String> inputIds, TrialNumbering numbering) {
    this.name = b.name;
    this.inputs = Collections.unmodifiableList(new ArrayList<>(b.inputs));
    this.inputIds = Collections.unmodifiableList(inputIds);
    this.configs = List.copyOf(b.configs);
    this.stages = List.copyOf(b.stages);
    List<String> names = new ArrayList<>();
    for (Stage<I> s : stages) {
      names.add(s.name());
    }
    this.stageNames = List.copyOf(names);
    this.limits = Collections.unmodifiableMap(new LinkedHashMap<>(b.limits));
    this.parallelism = b.parallelism.max();
    this.parallelismPolicy = b.parallelism;
    this.retry = b.retry;
    this.timeout = b.timeout;
    this.abandonAfter = b.abandonAfter;
    this.cancelGrace = b.cancelGrace;
    this.progressInterval = b.progressInterval;
    this.consoleProgress = b.consoleProgress;
    this.listeners = List.copyOf(b.listeners);
    this.panels = List.copyOf(b.panels);
    this.onFinish = List.copyOf(b.onFinish);
    this.clock = b.clock;
    this.runDir = b.checkpointing ? (b.runDir != null ? b.runDir : Path.of("runs", b.name)) : null;
    this.reportFile = b.reportFile;
    this.checkpoint = b.checkpoint;
    this.continueOnMismatch = b.continueOnMismatch;
    this.sweepAxes = List.copyOf(b.sweepAxes);
    this.numbering = numbering;
    this.order = b.order;
    this.evaluate = b.evaluate;
    this.predictionColumn = b.predictionColumn;
    this.earlyStop = b.earlyStop;
    this.budget = b.budget;
    this.virtualThreads = b.virtualThreads;
  }

  /** Fixed, or tuned while running ({@link Parallelism#auto()}). */
  public Parallelism parallelismPolicy() {
    return parallelismPolicy;
  }

  /** Whether workers run on virtual threads ({@link Builder#virtualThreads()}). */
  public boolean virtualThreads() {
    return virtualThreads;
  }

  /** What is measured live, if anything. */
  public Optional<Evaluate<I>> evaluate() {
    return Optional.ofNullable(evaluate);
  }

  /** The classification's prediction column, resolved against the stages; null without one. */
  public OutputColumn predictionColumn() {
    return predictionColumn;
  }

  /** When configs are stopped early; {@link EarlyStop#never()} by default. */
  public EarlyStop earlyStop() {
    return earlyStop;
  }

  /** What the batch may spend; {@link Budget#none()} by default. */
  public Budget budget() {
    return budget;
  }

  /** The order in which inputs are handed out: natural (the default) or seeded shuffled. */
  public Order order() {
    return order;
  }

  /** The position of input {@code inputIndex} in {@link #order()}. */
  public int rankOf(int inputIndex) {
    int[] r = ranks;
    if (r == null) {
      r = order.ranks(inputs.size());
      ranks = r;
    }
    return r[inputIndex];
  }

  /**
   * {@code trials} as the queue hands them out: by the rank of their input in {@link #order()},
   * the configs interleaved in their declared order. Duplicates are kept once.
   */
  public int[] inQueueOrder(int[] trials) {
    BitSet wanted = new BitSet(trialCount());
    for (int t : trials) {
      wanted.set(t);
    }
    int[] visit = new int[inputs.size()];
    for (int i = 0; i < visit.length; i++) {
      visit[rankOf(i)] = i;
    }
    int[] queued = new int[wanted.cardinality()];
    int n = 0;
    int configCount = configs.size();
    for (int in : visit) {
      for (int c = 0; c < configCount; c++) {
        int t = numbering.trialOf(c, in);
        if (wanted.get(t)) {
          queued[n++] = t;
        }
      }
    }
    return queued;
  }

  /**
   * Starts a spec over {@code inputs}, each named by {@code idFunction} (stable across runs).
   *
   * @throws BatchConfigException if the name is not a valid name, the inputs are null or empty,
   *     or the id function is null
   */
  public static <I> Builder<I> builder(String name, List<? extends I> inputs,
      Function<? super I, String> idFunction) {
    Checks.name(name, "batch name", BatchConfigException::new);
    Checks.notNull(inputs, "inputs", "pass a List of inputs", BatchConfigException::new);
    if (inputs.isEmpty()) {
      throw new BatchConfigException("inputs of batch " + name
          + " cannot be empty; pass at least one input");
    }
    Checks.notNull(idFunction, "idFunction", "pass a function from input to a stable id, "
        + "e.g. Doc::id", BatchConfigException::new);
    return new Builder<>(name, inputs, idFunction);
  }

  public String name() {
    return name;
  }

  public List<I> inputs() {
    return inputs;
  }

  /** The input ids, in input order. */
  public List<String> inputIds() {
    return inputIds;
  }

  public List<Config> configs() {
    return configs;
  }

  public List<Stage<I>> stages() {
    return stages;
  }

  public List<String> stageNames() {
    return stageNames;
  }

  /** Resource name → permits. */
  public Map<String, Integer> limits() {
    return limits;
  }

  /**
   * The most trials that run at once: the worker count, or the cap of
   * {@link Parallelism#auto()}.
   */
  public int parallelism() {
    return parallelism;
  }

  public Retry retry() {
    return retry;
  }

  /** The default stage timeout. */
  public Duration timeout() {
    return timeout;
  }

  /** How long a timed-out stage may ignore its interrupt before its worker is replaced. */
  public Duration abandonAfter() {
    return abandonAfter;
  }

  /** How long cancel waits for running stages to stop before it returns. */
  public Duration cancelGrace() {
    return cancelGrace;
  }

  /** How often listeners (and the live view) receive a progress snapshot. */
  public Duration progressInterval() {
    return progressInterval;
  }

  /** Whether {@code runBatch} prints text progress when no notebook display is present. */
  public boolean consoleProgress() {
    return consoleProgress;
  }

  public List<BatchListener> listeners() {
    return listeners;
  }

  /** Status panels shown with the progress; see {@link Builder#panel}. */
  public List<Supplier<?>> panels() {
    return panels;
  }

  /**
   * The callbacks run, in this order, once the batch has ended; see {@link Builder#onFinish}.
   * They are not part of what makes two specs the same run.
   */
  public List<OnFinish<?>> onFinish() {
    return onFinish;
  }

  public BatchClock clock() {
    return clock;
  }

  /** Where the run's HTML report is written when it ends; see {@link Builder#report}. */
  public Optional<Path> reportFile() {
    return Optional.ofNullable(reportFile);
  }

  /**
   * The run directory for checkpoints: the one given, {@code runs/<batch name>} by default, empty
   * after {@link Builder#noCheckpoint()}.
   */
  public Optional<Path> runDir() {
    return Optional.ofNullable(runDir);
  }

  /** The parameter names of the sweep the configs came from (empty when they are not a sweep). */
  public List<String> sweepAxes() {
    return sweepAxes;
  }

  /** Whether a run directory holding a different spec may be continued anyway. */
  public boolean continueOnMismatch() {
    return continueOnMismatch;
  }

  public CheckpointPolicy checkpoint() {
    return checkpoint;
  }

  /** Trials in all: configs × inputs. */
  public int trialCount() {
    return numbering.count();
  }

  public int configIndexOf(int trial) {
    return numbering.configOf(trial);
  }

  public int inputIndexOf(int trial) {
    return numbering.inputOf(trial);
  }

  /** The trial number of (config, input). */
  public int trialOf(int configIndex, int inputIndex) {
    return numbering.trialOf(configIndex, inputIndex);
  }

  /** The key {@code config/inputId} of a trial number. */
  public String keyOf(int trial) {
    return configs.get(configIndexOf(trial)).name() + "/" + inputIds.get(inputIndexOf(trial));
  }

  /** The timeout of stage {@code i}: its own, or the spec's. */
  public Duration timeoutOf(int stage) {
    return stages.get(stage).timeout().orElse(timeout);
  }

  /** The retry policy of stage {@code i}: its own, or the spec's. */
  public Retry retryOf(int stage) {
    return stages.get(stage).retry().orElse(retry);
  }

  /** A builder holding this spec's settings, to derive a variant. */
  public Builder<I> toBuilder() {
    Builder<I> b = new Builder<>(name, inputs, null);
    b.ids = inputIds;
    b.configs.addAll(configs);
    b.stages.addAll(stages);
    b.limits.putAll(limits);
    b.parallelism = parallelismPolicy;
    b.retry = retry;
    b.timeout = timeout;
    b.abandonAfter = abandonAfter;
    b.cancelGrace = cancelGrace;
    b.progressInterval = progressInterval;
    b.consoleProgress = consoleProgress;
    b.listeners.addAll(listeners);
    b.panels.addAll(panels);
    b.onFinish.addAll(onFinish);
    b.clock = clock;
    b.runDir = runDir;
    b.checkpointing = runDir != null;
    b.reportFile = reportFile;
    b.checkpoint = checkpoint;
    b.continueOnMismatch = continueOnMismatch;
    b.sweepAxes = sweepAxes;
    b.order = order;
    b.evaluate = evaluate;
    b.earlyStop = earlyStop;
    b.budget = budget;
    b.virtualThreads = virtualThreads;
    return b;
  }

  @Override
  public String toString() {
    return "BatchSpec[" + name + ": " + configs.size() + " configs × " + inputs.size()
        + " inputs, stages " + stageNames + ", parallelism " + parallelismPolicy + ", limits " + limits
        + "]";
  }

  /**
   * Collects a batch's settings. Not thread-safe. Every method checks its argument at once;
   * {@link #build()} checks what several settings decide together (stages, resources and limits,
   * input ids, the trial count) and returns an immutable {@link BatchSpec}.
   *
   * <p>Defaults: one config named {@code default}, parallelism = available processors, no
   * retries, a 30-minute stage timeout, text progress on the console, checkpoints under
   * {@code runs/<batch name>}.
   *
   * @param <I> the input type
   */
  public static final class Builder<I> {
    private final String name;
    private final List<? extends I> inputs;
    private final Function<? super I, String> idFunction;
    private List<String> ids;
    private final List<Config> configs = new ArrayList<>();
    private final List<Stage<I>> stages = new ArrayList<>();
    private final Map<String, Integer> limits = new LinkedHashMap<>();
    private Parallelism parallelism = Parallelism.fixed(Runtime.getRuntime().availableProcessors());
    private Retry retry = Retry.none();
    private Duration timeout = Duration.ofMinutes(30);
    private Duration abandonAfter = Duration.ofSeconds(5);
    private Duration cancelGrace = Duration.ofSeconds(3);
    private Duration progressInterval = Duration.ofMillis(250);
    private boolean consoleProgress = true;
    private final List<BatchListener> listeners = new ArrayList<>();
    private final List<Supplier<?>> panels = new ArrayList<>();
    private final List<OnFinish<?>> onFinish = new ArrayList<>();
    private BatchClock clock = BatchClock.system();
    private Path runDir;
    private Path reportFile;
    private boolean checkpointing = true;
    private boolean continueOnMismatch;
    private CheckpointPolicy checkpoint = CheckpointPolicy.defaults();
    private boolean configsCalled;
    private List<String> sweepAxes = List.of();
    private Order order = Order.natural();
    private Evaluate<I> evaluate;
    private OutputColumn predictionColumn;
    private EarlyStop earlyStop = EarlyStop.never();
    private Budget budget = Budget.none();
    private boolean virtualThreads;

    private Builder(String name, List<? extends I> inputs, Function<? super I, String> idFunction) {
      this.name = name;
      this.inputs = inputs;
      this.idFunction = idFunction;
    }

    /** The configs under test (replaces earlier ones). */
    @SafeVarargs
    public final Builder<I> configs(Config... configs) {
      return configs(configs == null ? null : Arrays.asList(configs));
    }

    /** The configs under test (replaces earlier ones); a sweep's configs also bring its axes. */
    public Builder<I> configs(List<Config> configs) {
      Checks.notNull(configs, "configs", "pass at least one Config.of(name, params)",
          BatchConfigException::new);
      if (configs.isEmpty()) {
        throw new BatchConfigException("configs cannot be empty; pass at least one "
            + "Config.of(name, params), or leave configs out for a single config named 'default'");
      }
      List<Config> checked = new ArrayList<>(configs.size());
      for (int i = 0; i < configs.size(); i++) {
        checked.add(Checks.notNull(configs.get(i), "configs[" + i + "]",
            "remove the null entry", BatchConfigException::new));
      }
      SpecRules.checkUnique(checked.stream().map(Config::name).toList(), "config", name);
      this.configs.clear();
      this.configs.addAll(checked);
      configsCalled = true;
      sweepAxes = configs instanceof SweepConfigs sweep ? sweep.axes() : List.of();
      return this;
    }

    /** Adds a stage that runs after the stages added before it. */
    public Builder<I> stage(String name, StageFunction<I> function) {
      return stage(Stage.of(name, function));
    }

    /** Adds a stage that takes a permit of {@code resource} (see {@link #limit}). */
    public Builder<I> stage(String name, String resource, StageFunction<I> function) {
      Checks.notNull(resource, "resource of stage " + name,
          "use stage(name, function) for a stage without a resource", BatchConfigException::new);
      return stage(Stage.of(name, function).withResource(resource));
    }

    public Builder<I> stage(Stage<I> stage) {
      Checks.notNull(stage, "stage", "pass Stage.of(name, function)", BatchConfigException::new);
      List<String> names = new ArrayList<>(stages.size() + 1);
      stages.forEach(s -> names.add(s.name()));
      names.add(stage.name());
      SpecRules.checkUnique(names, "stage", name);
      SpecRules.checkStageName(stage.name());
      stages.add(stage);
      return this;
    }

    /** Caps the stages naming {@code resource} at {@code permits} running at once. */
    public Builder<I> limit(String resource, int permits) {
      Checks.name(resource, "limit resource name", BatchConfigException::new);
      if (permits < 1) {
        throw new BatchConfigException("limit of resource " + resource
            + " must be at least 1 (was " + permits + "); call limit(\"" + resource
            + "\", k) with k >= 1");
      }
      limits.put(resource, permits);
      return this;
    }

    /** Exactly this many workers pull trials. */
    public Builder<I> parallelism(int workers) {
      if (workers < 1 || workers > MAX_PARALLELISM) {
        throw new BatchConfigException("parallelism must be between 1 and " + MAX_PARALLELISM
            + " (was " + workers + "); call parallelism(n) with n in that range");
      }
      this.parallelism = Parallelism.fixed(workers);
      return this;
    }

    /** Fixed, or {@link Parallelism#auto()}: tuned while running. */
    public Builder<I> parallelism(Parallelism policy) {
      this.parallelism = Checks.notNull(policy, "parallelism", "pass Parallelism.auto() or "
          + "Parallelism.fixed(n)", BatchConfigException::new);
      return this;
    }

    /**
     * The order inputs are handed out in; {@code Order.shuffled(seed)} for live metrics and
     * early stopping (see {@link Order}).
     */
    public Builder<I> order(Order order) {
      this.order = Checks.notNull(order, "order", "pass Order.natural() or Order.shuffled(seed)",
          BatchConfigException::new);
      return this;
    }

    /**
     * Measures every finished trial while the batch runs: the live view shows per config the
     * metrics with anytime-valid 95 % intervals and the paired difference to the leader; see
     * {@link Evaluate}. Use a shuffled {@link #order} for intervals that describe all inputs.
     */
    public Builder<I> evaluate(Evaluate<I> evaluate) {
      this.evaluate = Checks.notNull(evaluate, "evaluate", "pass Evaluate.classification(...) or "
          + "Evaluate.score(...)", BatchConfigException::new);
      return this;
    }

    /** Stops configs that are surely behind; see {@link EarlyStop}. */
    public Builder<I> earlyStop(EarlyStop earlyStop) {
      this.earlyStop = Checks.notNull(earlyStop, "earlyStop", "pass EarlyStop.never() for none",
          BatchConfigException::new);
      return this;
    }

    /** Stops taking trials when the spending reaches {@code budget}; see {@link Budget}. */
    public Builder<I> budget(Budget budget) {
      this.budget = Checks.notNull(budget, "budget", "pass Budget.none() for no limit",
          BatchConfigException::new);
      return this;
    }

    /**
     * Runs the workers on virtual threads (JDK 21+): thousands of workers waiting on I/O (model
     * calls, HTTP) cost little memory and start at once. Parallelism still sets how many trials
     * run at once, up to {@link BatchSpec#MAX_PARALLELISM}; CPU-bound stages gain nothing.
     *
     * @throws BatchConfigException on JDK 17-20, naming the JDK needed
     */
    public Builder<I> virtualThreads() {
      if (!VirtualThreads.available()) {
        throw new BatchConfigException(VirtualThreads.unavailableMessage("virtualThreads()"));
      }
      this.virtualThreads = true;
      return this;
    }

    public Builder<I> retry(Retry retry) {
      this.retry = Checks.notNull(retry, "retry", "pass Retry.none() for no retries",
          BatchConfigException::new);
      return this;
    }

    /**
     * The default timeout of every stage (a stage may override it). It bounds two things:
     *
     * <ul>
     *   <li>each attempt: one that runs longer is interrupted and recorded as {@code timeout}
     *       (retryable, so {@code maxAttempts} attempts may take up to that many timeouts);
     *   <li>a server's {@code Retry-After} ({@link RetryAfterException}): the stage's time budget
     *       is its timeout counted from the start of its first attempt, across its attempts and
     *       the waits between them. A retry whose requested delay would start the next attempt
     *       after that budget is not waited for: the trial fails at once with a
     *       {@link RetryAfterBeyondTimeoutException} naming the server's delay and what was
     *       left; a shorter delay is waited, and the backoff's jitter never carries the wait past
     *       the budget. Ordinary backoff (no server delay) is bounded by the retry's cap instead.
     * </ul>
     *
     * <pre>{@code
     * .timeout(Duration.ofMinutes(5))   // a 429 asking for an hour fails the trial now
     * }</pre>
     */
    public Builder<I> timeout(Duration timeout) {
      this.timeout = Checks.positive(timeout, "timeout", "pass a positive Duration, e.g. "
          + "Duration.ofMinutes(5)", BatchConfigException::new);
      return this;
    }

    /** How long a timed-out stage may ignore its interrupt before its worker is replaced. */
    public Builder<I> abandonAfter(Duration grace) {
      this.abandonAfter = Checks.positive(grace, "abandonAfter", "pass a positive Duration",
          BatchConfigException::new);
      return this;
    }

    /** How long cancel waits for running stages to stop. */
    public Builder<I> cancelGrace(Duration grace) {
      this.cancelGrace = Checks.positive(grace, "cancelGrace", "pass a positive Duration",
          BatchConfigException::new);
      return this;
    }

    /** How often listeners and the live view get a snapshot (default 250 ms). */
    public Builder<I> progressInterval(Duration interval) {
      this.progressInterval = Checks.positive(interval, "progressInterval",
          "pass a positive Duration, e.g. Duration.ofMillis(250)", BatchConfigException::new);
      return this;
    }

    /** Turns text progress on the console on or off (default on). */
    public Builder<I> consoleProgress(boolean on) {
      this.consoleProgress = on;
      return this;
    }

    public Builder<I> listener(BatchListener listener) {
      listeners.add(Checks.notNull(listener, "listener", "pass a BatchListener",
          BatchConfigException::new));
      return this;
    }

    /**
     * Adds a status panel: every progress snapshot carries {@code source.get()} and the live view
     * renders it under the progress (a value that renders itself shows as HTML, anything else as
     * text). A panel that throws is left out of that snapshot.
     *
     * <pre>{@code
     * spec.stage("llm", pool.stage(t -> request(t))).panel(pool::status);
     * }</pre>
     */
    public Builder<I> panel(Supplier<?> source) {
      panels.add(Checks.notNull(source, "panel", "pass a supplier, e.g. pool::status",
          BatchConfigException::new));
      return this;
    }

    /**
     * Adds a callback run once when the batch ends, however it ends: finished, cancelled
     * ({@code cancel()} or a notebook interrupt), or failed after its run directory was opened
     * (the engine could not start; {@code runBatch} still throws, and the result the callback
     * gets has the error in {@code startError()} and its notes). It receives the final
     * {@code BatchResult}, the same object {@code runBatch} returns and
     * {@code BatchHandle.await()} gives. Several calls add callbacks that run one after another,
     * in the order they were added.
     *
     * <p>Callbacks run on their own thread, {@code trialbook-<batch>-on-finish}, so a slow one
     * never delays {@code runBatch}: it returns the result as soon as the batch ends, while the
     * callbacks may still be running. The thread is not a daemon: a program whose {@code main}
     * ends right after {@code runBatch} still writes its report before the JVM exits. To be sure
     * they are done (before {@code System.exit}, or a notebook's last cell), call
     * {@code awaitOnFinish()} on the result or the handle. A callback that throws does not stop
     * the batch, the later callbacks or {@code runBatch}: the error is logged (secrets masked)
     * and added to the result's {@code notes()}.
     *
     * <p>Declare the lambda's parameter as {@code BatchResult} (this package cannot name it, so
     * an undeclared one is an {@code Object}). Callbacks are not part of the run's identity:
     * resuming a run directory with other callbacks, or none, is the same run.
     *
     * <pre>{@code
     * Trialbook.batch("triage", docs, Doc::id)
     *     .stage("classify", t -> classify(t.input()))
     *     .onFinish((BatchResult r) -> r.table().write().csv("out.csv"))
     *     .onFinish(r -> System.out.println(r))        // runs after the first
     *     .build();
     * }</pre>
     *
     * @throws BatchConfigException if {@code callback} is null
     */
    public <R> Builder<I> onFinish(OnFinish<R> callback) {
      onFinish.add(Checks.notNull(callback, "onFinish callback", "pass a lambda, e.g. "
          + "(BatchResult r) -> r.table().write().csv(\"out.csv\")", BatchConfigException::new));
      return this;
    }

    /**
     * Writes the run's report (see {@code Trialbook.report}) as one HTML page to {@code htmlFile}
     * when the batch ends, finished or cancelled, before {@code runBatch} returns; the live view's
     * last picture names the file. A report that cannot be written is a note, never an error of
     * the batch. Not part of the run's identity.
     *
     * <pre>{@code
     * Trialbook.batch("triage", docs, Doc::id).stage("classify", t -> classify(t.input()))
     *     .runDir(Path.of("runs", "triage")).report(Path.of("runs", "triage", "report.html"))
     *     .build();
     * }</pre>
     *
     * @throws BatchConfigException if {@code htmlFile} is null
     */
    public Builder<I> report(Path htmlFile) {
      this.reportFile = Checks.notNull(htmlFile, "report file", "pass a path, e.g. "
          + "Path.of(\"runs\", \"triage\", \"report.html\")", BatchConfigException::new);
      return this;
    }

    /** The clock for latencies, timeouts, backoff and ETA (tests pass a manual one). */
    public Builder<I> clock(BatchClock clock) {
      this.clock = Checks.notNull(clock, "clock", "pass BatchClock.system()",
          BatchConfigException::new);
      return this;
    }

    /**
     * Checkpoints to {@code dir} (default {@code runs/<batch name>}): a manifest and an
     * append-only log of finished trials. Running a spec whose run directory holds a run of the
     * same spec resumes it.
     */
    public Builder<I> runDir(Path dir) {
      this.runDir = Checks.notNull(dir, "runDir", "pass a directory path, e.g. "
          + "Path.of(\"runs\", \"triage\")", BatchConfigException::new);
      this.checkpointing = true;
      return this;
    }

    /** Keeps results in memory only: nothing is written, nothing can be resumed. */
    public Builder<I> noCheckpoint() {
      this.checkpointing = false;
      this.runDir = null;
      return this;
    }

    /**
     * Continues a run directory even when it holds a different spec (for example after adding
     * inputs); without it such a run is refused with a message saying what changed.
     */
    public Builder<I> continueOnMismatch(boolean yes) {
      this.continueOnMismatch = yes;
      return this;
    }

    /** How often the checkpoint is forced to disk. */
    public Builder<I> checkpoint(CheckpointPolicy policy) {
      this.checkpoint = Checks.notNull(policy, "checkpoint", "pass CheckpointPolicy.defaults()",
          BatchConfigException::new);
      return this;
    }

    /**
     * Checks what the settings decide together and builds the spec.
     *
     * @throws BatchConfigException naming the first invalid field and the fix
     */
    public BatchSpec<I> build() {
      List<String> inputIds = ids != null ? ids : InputIds.of(inputs, idFunction);
      if (stages.isEmpty()) {
        throw new BatchConfigException("batch " + name + " has no stages; add one with "
            + "stage(\"name\", t -> ...)");
      }
      if (!configsCalled && configs.isEmpty()) {
        configs.add(Config.of("default"));
      }
      SpecRules.checkResources(stages, limits);
      predictionColumn = SpecRules.checkEvaluation(name, evaluate, earlyStop, order, stages);
      TrialNumbering numbering = TrialNumbering.of(configs.size(), inputs.size());
      return new BatchSpec<>(this, inputIds, numbering);
    }
  }
}
