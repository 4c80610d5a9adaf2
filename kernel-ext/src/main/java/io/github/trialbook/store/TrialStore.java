package io.github.trialbook.store;

import io.github.trialbook.batch.RecordList;
import io.github.trialbook.batch.TrialError;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The latest record of every trial of a batch, by trial number ({@code inputIndex * configs +
 * configIndex}), in compact form, so a million trials cost megabytes, not the heap.
 *
 * <p>Two forms. {@link #onLog on the trial log} (a checkpointed batch) keeps a status byte and the
 * byte offset of the record's line per trial: outputs stay on disk and {@link #get} decodes a
 * record when asked (about 14 bytes a trial). {@link #inMemory in memory} (a batch without a run
 * directory) keeps every field in primitive columns, one slot per trial and stage, outputs
 * included (about 33 bytes plus 16 per stage a trial, the outputs themselves not counted).
 *
 * <p>Writing: the worker that finished trial {@code t} calls {@link #put}; on the log, the record
 * is also held until the log's writer reports where its line went ({@link #logged}), so a record
 * the log never took (a cancel, a failed disk) is still here. Each trial is written by one thread
 * at a time; reads after the batch (whose end orders them after every write) see everything.
 *
 * <pre>{@code
 * TrialStore store = checkpoint.previous();          // what earlier sessions finished
 * TrialStatus s = store.status(17);                  // null: trial 17 has no record
 * TrialRecord r = store.get(17);                     // decoded from trials.jsonl on demand
 * }</pre>
 */
public final class TrialStore {
  private static final TrialStatus[] STATUSES = TrialStatus.values();

  private final List<String> configs;
  private final List<String> inputIds;
  private final List<String> stageNames;
  private final int stages;
  /** 0: no record; else status ordinal + 1. */
  private final byte[] status;
  // on the log
  private final Path log;
  private final long[] offsets;
  private final TrialRecord[] held;
  private final boolean[] mayReportUsage;
  /** Trial → byte offsets of its superseded lines, oldest first; only re-run trials have one. */
  private final Map<Integer, long[]> earlier;
  private LogLines lines;
  private InputIndex inputIndex;
  private byte[] keysDigest;
  /** In memory: the columns of each run of {@link Columns#SIZE} trials, made at its first put. */
  private final Columns[] chunks;

  private TrialStore(List<String> configs, List<String> inputIds, List<String> stageNames,
      Path log) {
    this.configs = List.copyOf(configs);
    this.inputIds = inputIds;
    this.stageNames = List.copyOf(stageNames);
    this.stages = stageNames.size();
    int trials = Math.multiplyExact(configs.size(), inputIds.size());
    this.status = new byte[trials];
    this.log = log;
    boolean onLog = log != null;
    this.offsets = onLog ? new long[trials] : null;
    if (onLog) {
      Arrays.fill(offsets, -1);
    }
    this.held = onLog ? new TrialRecord[trials] : null;
    this.mayReportUsage = onLog ? new boolean[trials] : null;
    this.earlier = onLog ? new HashMap<>() : null;
    this.chunks = onLog ? null : new Columns[(trials + Columns.SIZE - 1) / Columns.SIZE];
  }

  /** An empty store of configs × inputs that keeps everything in memory. */
  public static TrialStore inMemory(List<String> configs, List<String> inputIds,
      List<String> stageNames) {
    return new TrialStore(configs, inputIds, stageNames, null);
  }

  /** An empty store whose records live in the trial log {@code log}. */
  static TrialStore onLog(Path log, List<String> configs, List<String> inputIds,
      List<String> stageNames) {
    return new TrialStore(configs, inputIds, stageNames, log);
  }

  /** configs × inputs. */
  public int trials() {
    return status.length;
  }

  public List<String> stageNames() {
    return stageNames;
  }

  /** The config names, in spec order. */
  public List<String> configs() {
    return configs;
  }

  public String config(int trial) {
    return configs.get(trial % configs.size());
  }

  public String inputId(int trial) {
    return inputIds.get(trial / configs.size());
  }

  /** The trial of {@code config/inputId}, or -1 if this batch has no such trial. */
  public int trialOf(String config, String inputId) {
    int c = configs.indexOf(config);
    if (c < 0) {
      return -1;
    }
    InputIndex index;
    synchronized (this) {
      if (inputIndex == null) {
        inputIndex = new InputIndex(inputIds);
      }
      index = inputIndex;
    }
    int i = index.indexOf(inputId);
    return i < 0 ? -1 : i * configs.size() + c;
  }

  /** Whether the records are decoded from a trial log (false: all in memory). */
  public boolean onLog() {
    return log != null;
  }

  /** The latest record's status, or null when the trial has none. */
  public TrialStatus status(int trial) {
    int s = status[trial];
    return s == 0 ? null : STATUSES[s - 1];
  }

  public boolean has(int trial) {
    return status[trial] != 0;
  }

  /** Trials with a record. */
  public int count() {
    int n = 0;
    for (byte s : status) {
      n += s == 0 ? 0 : 1;
    }
    return n;
  }

  /** The trials with a record, in trial order. */
  public int[] present() {
    int[] out = new int[count()];
    int n = 0;
    for (int t = 0; t < status.length; t++) {
      if (status[t] != 0) {
        out[n++] = t;
      }
    }
    return out;
  }

  /**
   * The records there are, in trial order, as a list that reads each when asked for (and answers
   * keys and statuses without reading); it sees the records of this moment, not later ones.
   */
  public RecordList records() {
    return new Rows(this, present());
  }

  /** {@link #records()}: rows → trials, records from the store. */
  private static final class Rows extends AbstractList<TrialRecord> implements RecordList,
      RandomAccess {
    private final TrialStore store;
    private final int[] trials;

    Rows(TrialStore store, int[] trials) {
      this.store = store;
      this.trials = trials;
    }

    @Override
    public TrialRecord get(int row) {
      return store.get(trials[row]);
    }

    @Override
    public int size() {
      return trials.length;
    }

    @Override
    public String config(int row) {
      return store.config(trials[row]);
    }

    @Override
    public String inputId(int row) {
      return store.inputId(trials[row]);
    }

    @Override
    public TrialStatus status(int row) {
      return store.status(trials[row]);
    }
  }

  /**
   * Whether the record of {@code trial} may hold an output that reports usage (tokens, cost):
   * always true in memory; on the log, only if its line names {@code costUsd} or
   * {@code totalTokens}, so a resume decodes no other record to sum what was spent.
   */
  public boolean mayReportUsage(int trial) {
    return log == null || mayReportUsage[trial] || held[trial] != null;
  }

  /**
   * The latest record of {@code trial}, or null; decoded from the log when it lives there.
   *
   * @throws CheckpointException if the log cannot be read or changed under this store
   */
  public TrialRecord get(int trial) {
    int s = status[trial];
    if (s == 0) {
      return null;
    }
    if (log == null) {
      return fromColumns(trial, STATUSES[s - 1]);
    }
    TrialRecord h = held[trial];
    if (h != null) {
      return h;
    }
    return decodeAt(trial, offsets[trial]);
  }

  private TrialRecord decodeAt(int trial, long offset) {
    TrialRecord r = lines().read(offset);
    if (!r.config().equals(config(trial)) || !r.inputId().equals(inputId(trial))) {
      throw new CheckpointException("the trial log " + log + " changed after it was read: byte "
          + offset + " holds " + r.key() + ", not " + config(trial) + "/" + inputId(trial)
          + "; open the run again (Trialbook.open(runDir)) for its current results");
    }
    return r;
  }

  private synchronized LogLines lines() {
    if (lines == null) {
      lines = new LogLines(log);
    }
    return lines;
  }

  /**
   * Every record of {@code trial}, oldest first: the superseded ones from the log, then the
   * latest; empty when it has none.
   */
  public List<TrialRecord> history(int trial) {
    TrialRecord last = get(trial);
    if (last == null) {
      return List.of();
    }
    long[] before;
    synchronized (this) {
      before = earlier == null ? null : earlier.get(trial);
    }
    if (before == null) {
      return List.of(last);
    }
    List<TrialRecord> all = new ArrayList<>(before.length + 1);
    for (long offset : before) {
      all.add(decodeAt(trial, offset));
    }
    all.add(last);
    all.sort(Comparator.comparingLong(TrialRecord::seq));
    return Collections.unmodifiableList(all);
  }

  /** Sets the latest record of {@code trial}; on the log it is held until {@link #logged}. */
  public void put(int trial, TrialRecord r) {
    if (log != null) {
      held[trial] = r;
    } else {
      chunk(trial).put(trial % Columns.SIZE, r);
    }
    status[trial] = (byte) (r.status().ordinal() + 1);
  }

  /**
   * The log's writer took the line of {@code trial}'s latest record at {@code offset}: the
   * record is read from there from now on, the line it replaces kept for {@link #history}.
   */
  void logged(int trial, long offset, boolean usage) {
    long old = offsets[trial];
    if (old >= 0) {
      supersede(trial, old);
    }
    offsets[trial] = offset;
    mayReportUsage[trial] = usage;
    held[trial] = null;
  }

  /** Where the latest line of {@code trial} in the log is (-1: none); a held record is not. */
  long loggedOffset(int trial) {
    return offsets[trial];
  }

  /**
   * The status of that line: the store's, unless a record the log never took is held (a cancel,
   * which replaces only a record that did not finish, so the line's was a cancel too).
   */
  TrialStatus loggedStatus(int trial) {
    return held[trial] != null ? TrialStatus.CANCELLED : status(trial);
  }

  /** Trial → offsets of its superseded lines, a copy. */
  synchronized Map<Integer, long[]> supersededOffsets() {
    return new HashMap<>(earlier);
  }

  /** Forgets every record (an index that turned out damaged while it was loaded). */
  synchronized void clear() {
    Arrays.fill(status, (byte) 0);
    Arrays.fill(offsets, -1);
    Arrays.fill(mayReportUsage, false);
    earlier.clear();
  }

  /** How trials are numbered here: a digest of the config names and input ids, in order. */
  synchronized byte[] keysDigest() {
    if (keysDigest == null) {
      keysDigest = LogIndex.keysDigest(configs, inputIds);
    }
    return keysDigest;
  }

  /** A line of an earlier session read back; the one with the higher seq is the latest. */
  void loaded(int trial, TrialStatus s, long offset, boolean usage) {
    status[trial] = (byte) (s.ordinal() + 1);
    offsets[trial] = offset;
    mayReportUsage[trial] = usage;
  }

  long offsetOf(int trial) {
    return offsets[trial];
  }

  synchronized void supersede(int trial, long offset) {
    long[] list = earlier.get(trial);
    list = list == null ? new long[1] : Arrays.copyOf(list, list.length + 1);
    list[list.length - 1] = offset;
    earlier.put(trial, list);
  }

  private TrialRecord fromColumns(int trial, TrialStatus s) {
    return chunks[trial / Columns.SIZE].get(trial % Columns.SIZE, config(trial), inputId(trial),
        s, stageNames);
  }

  /** The chunk of {@code trial}, made on first use (workers of one chunk may race to make it). */
  private Columns chunk(int trial) {
    int c = trial / Columns.SIZE;
    Columns chunk = chunks[c];
    if (chunk == null) {
      synchronized (chunks) {
        chunk = chunks[c];
        if (chunk == null) {
          chunk = new Columns(stages);
          chunks[c] = chunk;
        }
      }
    }
    return chunk;
  }

  /**
   * The fields of {@link #SIZE} trials in primitive columns, one slot per trial and stage: no
   * object per record, so a million kept records are a few arrays the collector barely visits.
   */
  private static final class Columns {
    static final int SIZE = 4096;
    final int stages;
    final int[] worker = new int[SIZE];
    final long[] seq = new long[SIZE];
    final long[] startedAt = new long[SIZE];
    final long[] latency = new long[SIZE];
    final long[] stageNanos;
    final int[] stageInfo;
    final Object[] outputs;
    final TrialError[] errors = new TrialError[SIZE];

    Columns(int stages) {
      this.stages = stages;
      this.stageNanos = new long[SIZE * stages];
      this.stageInfo = new int[SIZE * stages];
      this.outputs = new Object[SIZE * stages];
    }

    void put(int i, TrialRecord r) {
      worker[i] = r.worker();
      seq[i] = r.seq();
      startedAt[i] = r.startedAtMillis();
      latency[i] = r.latencyNanos();
      int base = i * stages;
      for (int s = 0; s < stages; s++) {
        stageNanos[base + s] = r.stageNanos(s);
        stageInfo[base + s] = TrialRecord.packStage(r.stageStatus(s), r.stageAttempts(s));
        outputs[base + s] = r.output(s);
      }
      errors[i] = r.error();
    }

    TrialRecord get(int i, String config, String inputId, TrialStatus s, List<String> names) {
      int base = i * stages;
      return new TrialRecord(config, inputId, s, worker[i], seq[i], startedAt[i], latency[i],
          names, Arrays.copyOfRange(outputs, base, base + stages),
          Arrays.copyOfRange(stageNanos, base, base + stages),
          Arrays.copyOfRange(stageInfo, base, base + stages), errors[i]);
    }
  }
}
