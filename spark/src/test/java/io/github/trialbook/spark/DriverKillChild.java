package io.github.trialbook.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * The driver a test kills: runs {@link SparkRunnerClusterTest#spec} on its own
 * {@code local-cluster} until it is killed. Arguments: the run directory and a scratch directory
 * for its notebook classes.
 */
public final class DriverKillChild {
  private DriverKillChild() {}

  public static void main(String[] args) {
    SparkSession spark = TestCluster.start("local-cluster[2,1,1024]");
    NotebookClasses cells = NotebookClasses.compile(Path.of(args[1]));
    SparkRunner.on(spark).partitionSize(10)
        .runBatch(SparkRunnerClusterTest.spec(cells, "driver-kill", Path.of(args[0]), 150, 40));
    System.exit(0);
  }
}
