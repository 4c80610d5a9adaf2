package io.github.trialbook.internal;

import java.util.function.Supplier;

/**
 * A value computed on first use, once, however many threads ask (results objects compute their
 * metrics when first shown, not when built). Not for users.
 */
public final class Lazy<T> implements Supplier<T> {
  private final Supplier<T> compute;
  private volatile T value;

  public Lazy(Supplier<T> compute) {
    this.compute = compute;
  }

  @Override
  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = compute.get();
          value = v;
        }
      }
    }
    return v;
  }
}
