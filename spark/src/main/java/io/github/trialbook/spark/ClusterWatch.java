package io.github.trialbook.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.Success$;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What the scheduler tells the driver about one run's job: task attempts that did not succeed
 * (failed, killed, lost with their executor) and executors lost meanwhile, for the live view.
 */
final class ClusterWatch extends SparkListener {
  private final String jobGroup;
  private final Set<Integer> stages = ConcurrentHashMap.newKeySet();
  private final AtomicInteger unsuccessfulAttempts = new AtomicInteger();
  private final List<String> lostExecutors = new ArrayList<>();

  ClusterWatch(String jobGroup) {
    this.jobGroup = jobGroup;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    if (start.properties() != null
        && jobGroup.equals(start.properties().getProperty("spark.jobGroup.id"))) {
      for (Object id : CollectionConverters.asJava(start.stageIds())) {
        stages.add((Integer) id);
      }
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    if (stages.contains(end.stageId()) && end.reason() != Success$.MODULE$) {
      unsuccessfulAttempts.incrementAndGet();
    }
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
    synchronized (lostExecutors) {
      lostExecutors.add("executor " + removed.executorId() + " lost: " + removed.reason());
    }
  }

  int unsuccessfulAttempts() {
    return unsuccessfulAttempts.get();
  }

  List<String> lostExecutors() {
    synchronized (lostExecutors) {
      return List.copyOf(lostExecutors);
    }
  }
}
