package io.github.trialbook.batch;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The configs of a sweep together with the names of its axes. {@code BatchSpec.Builder.configs}
 * keeps the axes, so the manifest and the results table know them (one column per axis). Made by
 * {@code io.github.trialbook.sweep.Sweep#configs()}; immutable.
 *
 * <pre>{@code
 * SweepConfigs points = Sweep.grid(Map.of("T", List.of(300, 350))).configs();
 * points.axes();   // [T]
 * }</pre>
 */
public final class SweepConfigs extends AbstractList<Config> implements RandomAccess {
  private final List<Config> configs;
  private final List<String> axes;

  public SweepConfigs(List<Config> configs, List<String> axes) {
    this.configs = List.copyOf(configs);
    this.axes = List.copyOf(axes);
  }

  /** The sweep's parameter names, in the order of the configs' params. */
  public List<String> axes() {
    return axes;
  }

  @Override
  public Config get(int index) {
    return configs.get(index);
  }

  @Override
  public int size() {
    return configs.size();
  }
}
