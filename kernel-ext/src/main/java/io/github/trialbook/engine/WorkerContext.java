package io.github.trialbook.engine;

import io.github.trialbook.batch.BatchClock;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.TrialContext;
import io.github.trialbook.batch.TrialbookException;
import java.nio.file.Path;
import java.util.Optional;

/** The {@link TrialContext} a worker reuses for every trial it runs; never shared between threads. */
final class WorkerContext<I> implements TrialContext<I> {
  private final Execution<I> ex;
  private final int worker;
  private Config config;
  private I input;
  private String inputId;
  private TrialWork work;
  int stage;
  int attempt;

  WorkerContext(Execution<I> ex, int worker) {
    this.ex = ex;
    this.worker = worker;
  }

  void begin(TrialWork work, Config config, I input, String inputId) {
    this.work = work;
    this.config = config;
    this.input = input;
    this.inputId = inputId;
  }

  @Override
  public Config config() {
    return config;
  }

  @Override
  public I input() {
    return input;
  }

  @Override
  public String inputId() {
    return inputId;
  }

  @Override
  public String stage() {
    return ex.stageNames.get(stage);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> T output(String stageName) {
    Integer i = ex.stageIndex.get(stageName);
    if (i == null || i >= stage) {
      throw new TrialbookException("stage " + stage() + " asked for the output of '" + stageName
          + "', which is not an earlier stage; earlier stages are "
          + ex.stageNames.subList(0, stage));
    }
    return (T) work.outputs[i];
  }

  @Override
  public int attempt() {
    return attempt;
  }

  @Override
  public int worker() {
    return worker;
  }

  @Override
  public boolean isCancelled() {
    return ex.cancelled;
  }

  @Override
  public BatchClock clock() {
    return ex.clock;
  }

  @Override
  public String batch() {
    return ex.spec.name();
  }

  @Override
  public Optional<Path> runDir() {
    return ex.spec.runDir();
  }

  @Override
  public Optional<String> stageResource() {
    return ex.spec.stages().get(stage).resource();
  }

  @Override
  public void note(String text) {
    WorkerSlot slot = ex.slots.get(worker);
    if (slot != null) {
      slot.note = text;
    }
  }
}
