package io.github.trialbook.jupyter;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;
import org.rapaio.jupyter.kernel.MainApp;
import org.rapaio.jupyter.kernel.channels.AbstractChannel;
import org.rapaio.jupyter.kernel.channels.Channels;
import org.rapaio.jupyter.kernel.channels.LoopThread;

/**
 * Revives the channel loops Rapaio 3.0.1 loses at start-up. Its {@code LoopThread} starts the
 * thread and only then marks it running ({@code super.start(); running = true}); a loop thread
 * that gets the CPU at once sees {@code running == false} and ends. On this 2-core machine that
 * took a loop in about one kernel start in three: without the shell loop the kernel never
 * answers, without the control loop the stop button reaches nobody. A new loop with the dead
 * one's body, marked running before it starts, puts the channel back. A loop whose channel Rapaio
 * closed (kernel shutdown) is left alone.
 */
final class RapaioChannelLoops {
  private static final Logger LOG = Logger.getLogger(RapaioChannelLoops.class.getName());
  /** The channels that run a loop thread, by their field in {@code Channels}. */
  private static final String[] CHANNELS = {"shell", "control", "heartbeat"};
  private static RapaioChannelLoops instance;
  /** Set when {@link RapaioKernelMain} watches the loops from start-up: no second watcher needed. */
  static volatile boolean guarded;

  private final Map<String, Field> channelFields = new LinkedHashMap<>();
  private final Map<Class<?>, Field> loopFields = new LinkedHashMap<>();
  private final Field closed;
  private final Field sleep;
  private final Field loopBody;
  private final Field running;

  private RapaioChannelLoops() throws ReflectiveOperationException {
    for (String name : CHANNELS) {
      Field f = accessible(Channels.class.getDeclaredField(name));
      channelFields.put(name, f);
      loopFields.put(f.getType(), accessible(f.getType().getDeclaredField("loopThread")));
    }
    closed = accessible(AbstractChannel.class.getDeclaredField("closed"));
    sleep = accessible(LoopThread.class.getDeclaredField("sleep"));
    loopBody = accessible(LoopThread.class.getDeclaredField("loopBody"));
    running = accessible(LoopThread.class.getDeclaredField("running"));
  }

  private static Field accessible(Field f) {
    f.setAccessible(true);
    return f;
  }

  /**
   * Restarts every loop that has ended while its channel is open; returns how many. Callers on
   * several threads are serialised, so a loop is never revived twice.
   */
  static synchronized int reviveDead() throws ReflectiveOperationException {
    if (instance == null) {
      instance = new RapaioChannelLoops();
    }
    Channels channels = MainApp.kernel.channels();
    return channels == null ? 0 : instance.reviveDead(channels); // null: still starting
  }

  private int reviveDead(Channels channels) throws ReflectiveOperationException {
    int revived = 0;
    for (Map.Entry<String, Field> e : channelFields.entrySet()) {
      Object channel = e.getValue().get(channels);
      Field loopField = loopFields.get(e.getValue().getType());
      LoopThread dead = channel == null ? null : (LoopThread) loopField.get(channel);
      if (dead == null || dead.isAlive() || dead.getState() == Thread.State.NEW
          || closed.getBoolean(channel)) {
        continue;
      }
      LoopThread fresh = new LoopThread(dead.getName(), sleep.getLong(dead),
          (Runnable) loopBody.get(dead));
      fresh.setDaemon(dead.isDaemon());
      running.setBoolean(fresh, true); // before start: the step Rapaio takes too late
      loopField.set(channel, fresh);
      fresh.start();
      revived++;
      LOG.info("Trialbook: Rapaio's " + e.getKey() + " channel loop had ended (Rapaio 3.0.1 "
          + "loses loops in a start-up race); restarted it");
    }
    return revived;
  }
}
