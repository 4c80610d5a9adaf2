package io.github.trialbook.bench;

import io.github.trialbook.BatchHandle;
import io.github.trialbook.Trialbook;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.EarlyStop;
import io.github.trialbook.batch.Evaluate;
import io.github.trialbook.batch.Order;
import io.github.trialbook.display.DisplayTarget;
import io.github.trialbook.display.LiveView;
import io.github.trialbook.display.ProgressView;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What the live view costs a batch: the same CPU-bound batch (2 stages of ~0.35 ms of arithmetic
 * per trial, parallelism = cores) waited for without a view (baseline), with {@link LiveView} at
 * its default 4 updates/s, and at 50 updates/s; each view renders every snapshot it sends and
 * encodes it as the JSON a kernel would put on the wire; and at 4 updates/s with live metrics
 * ({@code evaluate} of a binary classification, shuffled order, early stopping on F1, so every
 * trial is evaluated and the monitor feeds the confidence sequences). Throughput in trials/s,
 * best and median of the reps, alternated within the run.
 *
 * <p>Run: {@code mvn -q -pl kernel-ext test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.github.trialbook.bench.LiveViewBenchmark -Dexec.args="--n 20000 --reps 5"}
 */
public final class LiveViewBenchmark {
  private LiveViewBenchmark() {}

  static volatile double sink;
  static long bytesOnWire;

  public static void main(String[] args) throws Exception {
    int n = Bench.intArg(args, "--n", 40_000);
    int reps = Bench.intArg(args, "--reps", 5);
    int parallelism = Runtime.getRuntime().availableProcessors();
    List<Integer> inputs = IntStream.range(0, n).boxed().toList();
    System.out.printf(Locale.ROOT, "live view: %,d trials of 2 CPU stages (~0.35 ms each), parallelism %d,"
        + " %d reps (+1 warm-up), JDK %s%n", n, parallelism, reps, Runtime.version());
    double[] none = new double[reps];
    double[] four = new double[reps];
    double[] fifty = new double[reps];
    double[] metrics = new double[reps];
    for (int r = -1; r < reps; r++) {
      double a = run(inputs, parallelism, null, false);
      double b = run(inputs, parallelism, LiveView.Options.defaults(), false);
      double c = run(inputs, parallelism, LiveView.Options.defaults().withMaxUpdatesPerSecond(50),
          false);
      double d = run(inputs, parallelism, LiveView.Options.defaults(), true);
      if (r >= 0) {
        none[r] = a;
        four[r] = b;
        fifty[r] = c;
        metrics[r] = d;
      }
    }
    report("no view (baseline)", none, none);
    report("LiveView 4/s (default)", four, none);
    report("LiveView 50/s", fifty, none);
    report("4/s + live metrics", metrics, four);
    System.out.printf(Locale.ROOT, "  (%,d bytes of display messages in all)%n", bytesOnWire);
  }

  private static double run(List<Integer> inputs, int parallelism, LiveView.Options options,
      boolean liveMetrics) throws InterruptedException {
    BatchSpec.Builder<Integer> builder = Trialbook.batch("bench", inputs, Bench::id)
        .configs(Config.of("a"), Config.of("b"))
        .stage("s1", t -> work(t.input()))
        .stage("s2", t -> work(t.input() + 1) == null ? "" : t.input() % 3 == 0 ? "odd" : "even")
        .parallelism(parallelism).consoleProgress(false).noCheckpoint();
    if (liveMetrics) {
      builder.evaluate(Evaluate.<Integer>classification(i -> i % 2 == 0 ? "even" : "odd", "s2")
          .positiveLabel("odd")).order(Order.shuffled(1)).earlyStop(EarlyStop.whenBehind("f1"));
    }
    BatchSpec<Integer> spec = builder.build();
    ProgressView view = options == null ? null : new LiveView(new WireTarget(), options);
    long start = System.nanoTime();
    BatchHandle handle = Trialbook.startBatch(spec);
    // as runBatch does: the waiting thread drives the view
    long pollMillis = options == null ? 250 : Math.max(5, (long) (1000 / options.maxUpdatesPerSecond()));
    while (!handle.isDone()) {
      Thread.sleep(pollMillis);
      if (view != null) {
        view.update(handle.progress());
      }
    }
    var result = handle.await();
    if (view != null) {
      view.finish(result.progress());
    }
    return inputs.size() * 2 / ((System.nanoTime() - start) / 1e9);
  }

  private static Object work(int seed) {
    double x = seed;
    for (int i = 0; i < 20_000; i++) {
      x = Math.sin(x) + 1.0001;
    }
    sink = x;
    return seed;
  }

  /** Encodes each bundle as a kernel would (JSON text), then drops it. */
  private static final class WireTarget implements DisplayTarget {
    @Override
    public String display(Map<String, String> bundle) {
      encode(bundle);
      return "bench";
    }

    @Override
    public void update(String id, Map<String, String> bundle) {
      encode(bundle);
    }

    private static void encode(Map<String, String> bundle) {
      StringBuilder json = new StringBuilder("{");
      bundle.forEach((k, v) -> json.append('"').append(k).append("\":\"")
          .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append("\","));
      bytesOnWire += json.length();
    }
  }

  private static void report(String name, double[] perSecond, double[] baseline) {
    double[] s = perSecond.clone();
    double[] b = baseline.clone();
    Arrays.sort(s);
    Arrays.sort(b);
    double median = s[s.length / 2];
    System.out.printf(Locale.ROOT, "  %-24s best %,9.0f trials/s  median %,9.0f  (median %.3f× baseline)%n",
        name, s[s.length - 1], median, median / b[b.length / 2]);
    if (perSecond != baseline && name.contains("metrics")) {
      System.out.printf(Locale.ROOT, "  %-24s (the ratio is to LiveView 4/s without metrics)%n", "");
    }
  }
}
