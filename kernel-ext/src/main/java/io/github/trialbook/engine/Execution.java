package io.github.trialbook.engine;

import io.github.trialbook.batch.BatchClock;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Budget;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Retry;
import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.Stage;
import io.github.trialbook.batch.StageFunction;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import io.github.trialbook.batch.Usage;
import io.github.trialbook.batch.event.BatchEvent;
import io.github.trialbook.batch.event.ProgressSnapshot;
import io.github.trialbook.batch.event.ProgressSnapshot.ConfigProgress;
import io.github.trialbook.batch.event.ProgressSnapshot.FailureNote;
import io.github.trialbook.batch.event.ProgressSnapshot.RunningTask;
import io.github.trialbook.internal.ReusableThreads;
import io.github.trialbook.store.Checkpoint;
import io.github.trialbook.store.TrialSink;
import io.github.trialbook.store.TrialStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the threads of one batch share. Immutable settings are resolved once (per-stage
 * arrays instead of lookups on the hot path); mutable state is either atomic, striped, or owned by
 * one thread as noted on the field.
 */
final class Execution<I> {
  /** Running tasks listed in a snapshot at most; the count is always exact. */
  static final int MAX_RUNNING_LISTED = 64;

  final BatchSpec<I> spec;
  final String name;
  final BatchClock clock;
  final List<String> stageNames;
  final Map<String, Integer> stageIndex = new HashMap<>();
  final StageFunction<I>[] functions;
  final Semaphore[] permits;
  final Retry[] retries;
  final Duration[] timeouts;
  final long[] timeoutNanos;
  final Config[] configs;
  final TrialQueue queue;
  /** Latest record per trial number; a worker writes only the trials it ran. */
  final TrialStore results;
  final Counters counters;
  final RecentFailures failures = new RecentFailures();
  final RateMeter rate = new RateMeter();
  final TrialSink sink;
  final Checkpoint checkpoint;
  /** The first checkpoint failure seen by a writer of results; the run goes on in memory. */
  final AtomicReference<Throwable> sinkFailure = new AtomicReference<>();
  /** Hands out blocks of sequence numbers; see {@link #SEQ_BLOCK}. */
  final AtomicLong seq;
  /** Workers take sequence numbers in blocks so finishing a trial touches no shared counter. */
  static final int SEQ_BLOCK = 1024;
  /** Applied to every record, failure note and log line of this batch. */
  final SecretScrubber scrubber;
  final EventDispatcher events;
  final AtomicReferenceArray<WorkerSlot> slots;
  final AtomicInteger liveWorkers = new AtomicInteger();
  final List<ReusableThreads.Run> abandoned = new ArrayList<>();
  final CompletableFuture<BatchRunner.Outcome> outcome = new CompletableFuture<>();
  final long startNanos;
  final long startMillis;
  /** Finished trials carried over from an earlier run and not run again. */
  final int resumed;
  final int[] totalPerConfig;
  /** The live metrics and early stops; null when the spec does not evaluate. */
  final LiveBoard<I> board;
  /** Why each config was stopped early (null: running); null when early stopping is off. */
  final AtomicReferenceArray<String> stopReasons;
  /** Per config: what the outputs reporting {@link Usage} consumed. */
  final LongAdder[] tokens;
  final DoubleAdder[] costUsd;
  /** Trials with a {@link Usage} output, for the expected cost of running ones. */
  final LongAdder usageTrials = new LongAdder();
  /** Workers with a lower id take trials; the others wait ({@link AutoParallelism}). */
  volatile int activeWorkers;
  /** The current count and why it last changed, for views; null for a fixed count. */
  volatile String workersNote;
  /** Waited on by workers above {@link #activeWorkers}. */
  final Object workersGate = new Object();
  /** Workers take no new trial while this holds: the heap was too full after a collection. */
  volatile boolean memoryPaused;
  volatile String memoryNotice;
  /** Set once a budget is reached: workers take no more trials; the batch ends cancelled. */
  volatile String drainReason;
  volatile Monitor monitor;
  volatile boolean cancelled;
  volatile long cancelledAtNanos;

  @SuppressWarnings("unchecked")
  Execution(BatchSpec<I> spec, int[] order, TrialStore previous, Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
    this.spec = spec;
    this.name = spec.name();
    this.clock = spec.clock();
    this.stageNames = spec.stageNames();
    int stages = stageNames.size();
    this.functions = new StageFunction[stages];
    this.permits = new Semaphore[stages];
    this.retries = new Retry[stages];
    this.timeouts = new Duration[stages];
    this.timeoutNanos = new long[stages];
    Map<String, Semaphore> semaphores = new HashMap<>();
    spec.limits().forEach((r, k) -> semaphores.put(r, new Semaphore(k)));
    for (int s = 0; s < stages; s++) {
      Stage<I> stage = spec.stages().get(s);
      stageIndex.put(stage.name(), s);
      functions[s] = stage.function();
      permits[s] = stage.resource().map(semaphores::get).orElse(null);
      retries[s] = spec.retryOf(s);
      timeouts[s] = spec.timeoutOf(s);
      timeoutNanos[s] = saturatedNanos(timeouts[s]);
    }
    this.configs = spec.configs().toArray(Config[]::new);
    this.queue = new TrialQueue(order);
    this.results = previous;
    this.counters = new Counters(configs.length);
    this.sink = checkpoint.sink();
    this.seq = new AtomicLong(checkpoint.nextSeq());
    this.scrubber = Secrets.scrubber(spec.configs());
    this.events = spec.listeners().isEmpty() ? null
        : new EventDispatcher(spec.listeners(), counters.droppedEvents, name, scrubber);
    this.slots = new AtomicReferenceArray<>(spec.parallelism());
    this.activeWorkers = spec.parallelismPolicy().start();
    this.totalPerConfig = new int[configs.length];
    this.tokens = new LongAdder[configs.length];
    this.costUsd = new DoubleAdder[configs.length];
    for (int c = 0; c < configs.length; c++) {
      tokens[c] = new LongAdder();
      costUsd[c] = new DoubleAdder();
    }
    BitSet planned = new BitSet(previous.trials());
    for (int t : order) {
      planned.set(t);
    }
    int carried = 0;
    Counters.Tally carriedTally = counters.newTally();
    for (int t = 0; t < previous.trials(); t++) {
      int c = spec.configIndexOf(t);
      totalPerConfig[c]++;
      TrialStatus status = previous.status(t);
      if (status != null && status.isFinished() && !planned.get(t)) {
        carried++;
        carriedTally.finished(c, status);
        if (previous.mayReportUsage(t)) {
          addUsage(c, previous.get(t), false); // on the log, only records that name a usage
        }
        carriedTally.add(Counters.STAGES, stages);
      }
    }
    this.resumed = carried;
    this.board = spec.evaluate().isPresent() ? new LiveBoard<>(spec, previous, planned) : null;
    if (spec.earlyStop().enabled()) {
      stopReasons = new AtomicReferenceArray<>(board.stopped().clone());
    } else {
      stopReasons = null;
    }
    // a batch started into a full heap waits before its first trial, not after it
    this.memoryPaused = MemoryAdmission.tooFull(MemoryPressure.shareAfterGc());
    this.memoryNotice = memoryPaused ? MemoryAdmission.waitingNotice(MemoryPressure.shareAfterGc())
        : null;
    this.startNanos = clock.nanoTime();
    this.startMillis = clock.epochMillis();
  }

  /** Adds what {@code r}'s outputs consumed to config {@code c}'s spending. */
  void addUsage(int c, TrialRecord r, boolean counts) {
    boolean any = false;
    for (int s = 0; s < r.stageCount(); s++) {
      Usage u = Usage.of(r.output(s));
      if (u != null) {
        tokens[c].add(u.totalTokens());
        costUsd[c].add(u.costUsd());
        any = true;
      }
    }
    if (any && counts) {
      usageTrials.increment();
    }
  }

  /**
   * Whether spending has reached the budget, counting the expected cost of the trials running
   * now; the first time, sets {@link #drainReason}. Called by a worker before it takes a trial.
   */
  boolean budgetReached() {
    Budget budget = spec.budget();
    if (!budget.limited()) {
      return false;
    }
    if (drainReason != null) {
      return true;
    }
    double spent = 0;
    long used = 0;
    for (int c = 0; c < configs.length; c++) {
      spent += costUsd[c].sum();
      used += tokens[c].sum();
    }
    long priced = usageTrials.sum();
    int running = runningTrials();
    double expectedUsd = priced == 0 ? 0 : running * spent / priced;
    double expectedTokens = priced == 0 ? 0 : running * (double) used / priced;
    String why = null;
    if (spent + expectedUsd >= budget.usd()) {
      why = String.format(java.util.Locale.ROOT, "budget %s reached: $%.4f spent + $%.4f "
          + "expected for %d running trials", budget, spent, expectedUsd, running);
    } else if (used + expectedTokens >= budget.tokens()) {
      why = String.format(java.util.Locale.ROOT, "budget %s reached: %d tokens used + %.0f "
          + "expected for %d running trials", budget, used, expectedTokens, running);
    }
    if (why == null) {
      return false;
    }
    drainReason = why + "; no more trials were started and the batch ends cancelled: resume "
        + "with a larger budget to run the rest";
    monitor.wake();
    return true;
  }

  /** Workers in a trial now (a moment stale at most). */
  int runningTrials() {
    int n = 0;
    for (int i = 0; i < slots.length(); i++) {
      WorkerSlot slot = slots.get(i);
      n += slot != null && slot.trial >= 0 ? 1 : 0;
    }
    return n;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  long epochMillisAt(long nanos) {
    return startMillis + (nanos - startNanos) / 1_000_000;
  }

  /** Adds a failure to the live view's list, scrubbed of secrets. */
  void noteFailure(String key, String stage, String summary, long atMillis) {
    failures.add(new FailureNote(key, stage, scrubber.scrub(summary), atMillis));
  }

  void emit(BatchEvent event) {
    if (events != null) {
      events.offer(event);
    }
  }

  ProgressSnapshot snapshot(ProgressSnapshot.State state) {
    long now = clock.nanoTime();
    int stages = stageNames.size();
    long total = results.trials();
    long done = counters.finished();
    List<RunningTask> running = new ArrayList<>();
    int runningTotal = 0;
    for (int i = 0; i < slots.length(); i++) {
      WorkerSlot slot = slots.get(i);
      if (slot == null) {
        continue;
      }
      slot.stamp.get();
      int trial = slot.trial;
      if (trial < 0) {
        continue;
      }
      runningTotal++;
      if (running.size() < MAX_RUNNING_LISTED) {
        running.add(new RunningTask(slot.id, configs[spec.configIndexOf(trial)].name(),
            spec.inputIds().get(spec.inputIndexOf(trial)), stageNames.get(Math.min(slot.stage,
            stages - 1)), slot.attempt, slot.waiting, slot.sinceMillis, slot.note));
      }
    }
    List<ConfigProgress> perConfig = new ArrayList<>(configs.length);
    for (int c = 0; c < configs.length; c++) {
      long ok = counters.configOk(c);
      long failed = counters.configFailed(c);
      perConfig.add(new ConfigProgress(configs[c].name(), totalPerConfig[c],
          counters.configDone(c), ok, failed, counters.configStopped(c), tokens[c].sum(),
          costUsd[c].sum()));
    }
    return new ProgressSnapshot(name, state, total, done, counters.sum(Counters.OK),
        counters.sum(Counters.FAILED), counters.sum(Counters.TIMEOUT),
        counters.sum(Counters.CANCELLED), resumed, total * stages, counters.sum(Counters.STAGES),
        counters.sum(Counters.RETRIES), counters.droppedEvents.sum(), running, runningTotal, perConfig,
        failures.list(), rate.perSecond(), Duration.ofNanos(Math.max(0, now - startNanos)),
        epochMillisAt(now), panels(), counters.sum(Counters.STOPPED),
        board == null ? null : board.latest(), drainReason != null ? drainReason
        : memoryNotice, utilisation(now), workersNote);
  }

  void setActiveWorkers(int n) {
    synchronized (workersGate) {
      activeWorkers = n;
      workersGate.notifyAll();
    }
  }

  /** Wakes every waiting worker (the queue ran out, or the batch was cancelled). */
  void releaseWaitingWorkers() {
    synchronized (workersGate) {
      workersGate.notifyAll();
    }
  }

  /** Each worker's busy share since the start, a running trial counted up to now. */
  private ProgressSnapshot.Utilisation utilisation(long now) {
    long elapsed = Math.max(1, now - startNanos);
    List<Double> shares = new ArrayList<>(slots.length());
    double sum = 0;
    for (int i = 0; i < slots.length(); i++) {
      WorkerSlot slot = slots.get(i);
      long busy = slot == null ? 0 : slot.busyNanos.get();
      TrialWork work = slot == null ? null : slot.work;
      if (work != null) {
        busy += Math.max(0, now - work.startNanos);
      }
      double share = Math.min(1.0, (double) busy / elapsed);
      shares.add(share);
      sum += share;
    }
    return new ProgressSnapshot.Utilisation(shares.isEmpty() ? 0 : sum / shares.size(), shares);
  }

  private List<Object> panels() {
    if (spec.panels().isEmpty()) {
      return List.of();
    }
    List<Object> values = new ArrayList<>();
    for (java.util.function.Supplier<?> panel : spec.panels()) {
      try {
        Object value = panel.get();
        if (value != null) {
          values.add(value);
        }
      } catch (RuntimeException e) {
        // a broken panel is left out of this snapshot; the batch does not notice
      }
    }
    return values;
  }
}
