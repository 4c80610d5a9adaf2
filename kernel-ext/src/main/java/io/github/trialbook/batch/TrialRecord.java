package io.github.trialbook.batch;

import io.github.trialbook.internal.PlainText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one trial: its key, status, per-stage outputs, timings and attempts, the worker
 * that ran it, the error if it failed, and a sequence number that orders records of one run.
 * Immutable once built (the arrays are not exposed).
 *
 * <p>The layout is compact on purpose (a million records fit in about 200 MB): stage names are
 * shared with the spec, per-stage data sits in parallel arrays, and views such as
 * {@link #stages()} are made on demand. Thread-safe to read from any thread. Records come from a
 * {@code BatchResult} ({@code records()}, {@code failures()}, {@code history(key)}); users never
 * build them.
 *
 * <pre>{@code
 * BatchResult r = Trialbook.runBatch(spec);
 * for (TrialRecord t : r.failures()) {
 *   System.out.println(t.key() + " failed in " + t.error().stage() + ": " + t.error().message());
 * }
 * TrialRecord one = r.records().get(0);
 * Object label = one.output("stage2");          // a stage's output (null if it produced none)
 * long ms = one.latency().toMillis();           // whole trial, all stages and retries
 * int tries = one.attempts();                   // 1 + every retry of any stage
 * one.stages().forEach(s -> System.out.println(s.name() + " " + s.status() + " " + s.time()));
 * }</pre>
 */
public final class TrialRecord {
  private final String config;
  private final String inputId;
  private final TrialStatus status;
  private final int worker;
  private final long seq;
  private final long startedAtMillis;
  private final long latencyNanos;
  private final List<String> stageNames;
  private final Object[] outputs;
  private final long[] stageNanos;
  private final int[] stageInfo;
  private final TrialError error;

  /**
   * Builds a record; the arrays are owned by the record from now on.
   *
   * @param stageInfo per stage, {@link #packStage(StageStatus, int)} of its status and attempts
   */
  public TrialRecord(String config, String inputId, TrialStatus status, int worker, long seq,
      long startedAtMillis, long latencyNanos, List<String> stageNames, Object[] outputs,
      long[] stageNanos, int[] stageInfo, TrialError error) {
    int n = stageNames.size();
    if (outputs.length != n || stageNanos.length != n || stageInfo.length != n) {
      throw new IllegalArgumentException("per-stage arrays must have one entry per stage (" + n
          + ")");
    }
    this.config = config;
    this.inputId = inputId;
    this.status = status;
    this.worker = worker;
    this.seq = seq;
    this.startedAtMillis = startedAtMillis;
    this.latencyNanos = latencyNanos;
    this.stageNames = stageNames;
    this.outputs = outputs;
    this.stageNanos = stageNanos;
    this.stageInfo = stageInfo;
    this.error = error;
  }

  /** Packs a stage's status and attempt count into the int that {@code stageInfo} holds. */
  public static int packStage(StageStatus status, int attempts) {
    return (status.ordinal() << 24) | Math.min(attempts, 0xFFFFFF);
  }

  /** A copy with other outputs (null: the same) and another error, for the secret scrubber. */
  TrialRecord with(Object[] newOutputs, TrialError newError) {
    return new TrialRecord(config, inputId, status, worker, seq, startedAtMillis, latencyNanos,
        stageNames, newOutputs == null ? outputs : newOutputs, stageNanos, stageInfo, newError);
  }

  private static final StageStatus[] STAGE_STATUSES = StageStatus.values();

  /** The trial key {@code config/inputId}. */
  public String key() {
    return config + "/" + inputId;
  }

  /** The name of the config the trial ran. */
  public String config() {
    return config;
  }

  /** The id the spec's id function gave the trial's input. */
  public String inputId() {
    return inputId;
  }

  /** How the trial ended: ok, failed, timeout, cancelled (see {@link TrialStatus}). */
  public TrialStatus status() {
    return status;
  }

  /** True when every stage that ran succeeded (a trial ended early by {@code Stage.end} is ok). */
  public boolean isOk() {
    return status == TrialStatus.OK;
  }

  /** The worker slot that ran the trial, from 0. */
  public int worker() {
    return worker;
  }

  /** Orders the records of one run directory; a later record of a key replaces an earlier one. */
  public long seq() {
    return seq;
  }

  /** When the trial's first stage started (wall clock of the batch's clock). */
  public Instant startedAt() {
    return Instant.ofEpochMilli(startedAtMillis);
  }

  /** {@link #startedAt()} as epoch milliseconds, without allocating an {@code Instant}. */
  public long startedAtMillis() {
    return startedAtMillis;
  }

  /** Time from the trial's start to its end: every stage, retry and backoff wait. */
  public Duration latency() {
    return Duration.ofNanos(latencyNanos);
  }

  /** {@link #latency()} in nanoseconds. */
  public long latencyNanos() {
    return latencyNanos;
  }

  /** The tries this trial took: 1 plus every retry of any stage. */
  public int attempts() {
    int tries = 1;
    for (int info : stageInfo) {
      tries += Math.max(0, (info & 0xFFFFFF) - 1);
    }
    return tries;
  }

  /** The spec's stage names, in the order the stages run. */
  public List<String> stageNames() {
    return stageNames;
  }

  /** How many stages the spec has (skipped ones included). */
  public int stageCount() {
    return stageNames.size();
  }

  /** The output of the stage at index {@code stage} (0 = first), or null if it produced none. */
  public Object output(int stage) {
    return outputs[stage];
  }

  /** The output of a stage, or null if it produced none. */
  public Object output(String stage) {
    int i = stageNames.indexOf(stage);
    if (i < 0) {
      throw new TrialbookException("no stage named '" + stage + "'; stages are " + stageNames);
    }
    return outputs[i];
  }

  /** Time spent in the stage at index {@code stage}, its retries included; 0 if it did not run. */
  public long stageNanos(int stage) {
    return stageNanos[stage];
  }

  /** How the stage at index {@code stage} ended: ok, failed, timeout, cancelled, skipped or not run. */
  public StageStatus stageStatus(int stage) {
    return STAGE_STATUSES[stageInfo[stage] >>> 24];
  }

  /** How many attempts the stage at index {@code stage} took; 0 if it did not run. */
  public int stageAttempts(int stage) {
    return stageInfo[stage] & 0xFFFFFF;
  }

  /** The outputs of the stages that produced one, by stage name, in stage order. */
  public Map<String, Object> outputs() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < outputs.length; i++) {
      if (stageStatus(i) == StageStatus.OK) {
        map.put(stageNames.get(i), outputs[i]);
      }
    }
    return Collections.unmodifiableMap(map);
  }

  /** One view per stage: name, status, attempts, time and output. */
  public List<StageResult> stages() {
    List<StageResult> list = new ArrayList<>(outputs.length);
    for (int i = 0; i < outputs.length; i++) {
      list.add(new StageResult(stageNames.get(i), stageStatus(i), stageAttempts(i),
          Duration.ofNanos(stageNanos[i]), outputs[i]));
    }
    return list;
  }

  /** The error if the trial did not end {@code ok}, else null. */
  public TrialError error() {
    return error;
  }

  /** One stage of a trial, as seen in {@link TrialRecord#stages()}. */
  public record StageResult(String name, StageStatus status, int attempts, Duration time,
      Object output) {}

  @Override
  public String toString() {
    return PlainText.escape("TrialRecord[" + key() + " " + status.label() + ", attempts "
        + attempts() + ", worker " + worker + ", " + latency().toMillis() + " ms"
        + (error == null ? "" : ", " + error.summary()) + ", outputs "
        + Arrays.toString(outputs) + "]");
  }
}
