package io.github.trialbook.cellhost;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets on the thread that called {@code JShell.eval} (the host's cell thread), keeps each
 * snippet's value as an object (JShell itself only passes strings: the string it gets here is a key
 * to {@link #take}), and stops a cell by interrupting that thread. JShell's own local engine runs
 * code on a thread of its own and stops it with {@code Thread.stop}, which JDK 21 and later no
 * longer support.
 */
final class CellExecutionControl extends DirectExecutionControl {
  private static final String KEY = "\u0000cellhost-value-";
  private static final Object NULL = new Object();

  private final Object lock = new Object();
  private final Map<String, Object> values = new ConcurrentHashMap<>();
  private final AtomicLong next = new AtomicLong();
  private Thread running;
  private boolean interrupted;

  /** A new cell starts: a former interrupt no longer counts. */
  void beginCell() {
    synchronized (lock) {
      interrupted = false;
    }
    values.clear();
  }

  /** Interrupts the snippet running now, and makes any later snippet of this cell fail at once. */
  void interrupt() {
    synchronized (lock) {
      interrupted = true;
      if (running != null) {
        running.interrupt();
      }
    }
  }

  boolean interrupted() {
    synchronized (lock) {
      return interrupted;
    }
  }

  /** The object behind a value string JShell reported, or {@code fallback} when it is not a key. */
  Object take(String valueString, Object fallback) {
    if (valueString == null || !valueString.startsWith(KEY)) {
      return fallback;
    }
    return values.containsKey(valueString) ? values.remove(valueString) : fallback;
  }

  @Override
  protected String invoke(Method doitMethod) throws Exception {
    synchronized (lock) {
      if (interrupted) {
        throw new InvocationTargetException(new InterruptedException("cell interrupted"));
      }
      running = Thread.currentThread();
    }
    Object value;
    try {
      value = doitMethod.invoke(null);
    } finally {
      synchronized (lock) {
        running = null;
        Thread.interrupted(); // an interrupt that came too late must not hit JShell's own work
      }
    }
    String key = KEY + next.incrementAndGet();
    values.put(key, value == null ? NULL : value);
    return key;
  }

  /** {@code null} for the stored null marker, else {@code value}. */
  static Object unwrap(Object value) {
    return value == NULL ? null : value;
  }

  /** Hands JShell one given control instead of generating a fresh one. */
  static final class Provider implements ExecutionControlProvider {
    private final CellExecutionControl control;

    Provider(CellExecutionControl control) {
      this.control = control;
    }

    @Override
    public String name() {
      return "trialbook-cellhost";
    }

    @Override
    public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
      return control;
    }
  }
}
