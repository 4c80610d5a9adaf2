package io.github.trialbook.report;

import io.github.trialbook.batch.StageStatus;
import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** The figures of a report, computed from the trial records; each table is empty when unknown. */
final class RunFigures {
  private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"");
  private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
  private static final int PATTERN_CHARS = 120;
  private static final int EXAMPLES = 3;
  private static final String ENDPOINT_PACKAGE = "io.github.trialbook.endpoint.";
  private static final List<String> POOL_FIELDS = List.of("name", "state", "requests", "errors",
      "p50Ms", "p95Ms", "restarts");
  private static final Pattern ANSWERED = Pattern.compile("endpoint (\\S+) answered HTTP (\\d{3})");
  private static final List<String> ANSWER_FIELDS = List.of("endpoint", "latencyMs", "promptTokens",
      "completionTokens", "cached");

  /** Orders group keys (stage, endpoint, ...) part by part. */
  private static final Comparator<List<String>> BY_PARTS = Comparator.comparing(
      k -> String.join("\u0000", k));

  private RunFigures() {}

  /** Trials per config and status. */
  static Table countsByConfig(ReportInput in) {
    Map<String, long[]> counts = new LinkedHashMap<>();
    in.configNames().forEach(c -> counts.put(c, new long[TrialStatus.values().length]));
    for (TrialRecord r : in.records()) {
      counts.computeIfAbsent(r.config(), c -> new long[TrialStatus.values().length])
          [r.status().ordinal()]++;
    }
    long perConfig = in.configNames().isEmpty() ? 0 : in.expectedTrials() / in.configNames().size();
    StringColumn config = StringColumn.create("config");
    List<IntColumn> byStatus = new ArrayList<>();
    for (TrialStatus s : TrialStatus.values()) {
      byStatus.add(IntColumn.create(s.name().toLowerCase(Locale.ROOT)));
    }
    IntColumn notRun = IntColumn.create("not_run");
    counts.forEach((name, c) -> {
      config.append(name);
      long seen = 0;
      for (int i = 0; i < c.length; i++) {
        byStatus.get(i).append((int) c[i]);
        seen += i == TrialStatus.CANCELLED.ordinal() ? 0 : c[i];
      }
      notRun.append((int) Math.max(0, perConfig - seen));
    });
    Table t = Table.create("trials by config", config);
    byStatus.forEach(t::addColumns);
    return t.addColumns(notRun);
  }

  /**
   * Per worker: trials, busy seconds, busy share of the span from the first trial start to the
   * last trial end, and the longest idle gap inside it; the last row is all workers.
   */
  static Table workerUse(List<TrialRecord> records) {
    Map<Integer, List<long[]>> spans = new TreeMap<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (TrialRecord r : records) {
      if (r.startedAtMillis() <= 0) {
        continue;
      }
      long start = r.startedAtMillis();
      long end = start + r.latencyNanos() / 1_000_000L;
      spans.computeIfAbsent(r.worker(), w -> new ArrayList<>()).add(new long[] {start, end});
      first = Math.min(first, start);
      last = Math.max(last, end);
    }
    StringColumn worker = StringColumn.create("worker");
    IntColumn trials = IntColumn.create("trials");
    DoubleColumn busy = DoubleColumn.create("busy_s");
    DoubleColumn share = DoubleColumn.create("busy_share");
    DoubleColumn idle = DoubleColumn.create("longest_idle_s");
    Table t = Table.create("worker utilisation", worker, trials, busy, share, idle);
    if (spans.isEmpty()) {
      return t;
    }
    double window = Math.max(1, last - first);
    long allBusy = 0;
    long allIdle = 0;
    int allTrials = 0;
    for (Map.Entry<Integer, List<long[]>> e : spans.entrySet()) {
      List<long[]> list = e.getValue();
      list.sort(Comparator.comparingLong(s -> s[0]));
      long busyMillis = 0;
      long cursor = first;
      long longestIdle = 0;
      for (long[] s : list) {
        longestIdle = Math.max(longestIdle, s[0] - cursor);
        busyMillis += Math.max(0, s[1] - Math.max(s[0], cursor));
        cursor = Math.max(cursor, s[1]);
      }
      longestIdle = Math.max(longestIdle, last - cursor);
      worker.append(Integer.toString(e.getKey()));
      trials.append(list.size());
      busy.append(busyMillis / 1000.0);
      share.append(busyMillis / window);
      idle.append(longestIdle / 1000.0);
      allBusy += busyMillis;
      allIdle = Math.max(allIdle, longestIdle);
      allTrials += list.size();
    }
    worker.append("all");
    trials.append(allTrials);
    busy.append(allBusy / 1000.0);
    share.append(allBusy / (window * spans.size()));
    idle.append(allIdle / 1000.0);
    return t;
  }

  /** Per stage: the trials that ran it and its time's mean, p50, p95, p99 and max in ms. */
  static Table stageLatency(List<String> stages, List<TrialRecord> records) {
    StringColumn stage = StringColumn.create("stage");
    IntColumn runs = IntColumn.create("trials");
    DoubleColumn mean = DoubleColumn.create("mean_ms");
    DoubleColumn p50 = DoubleColumn.create("p50_ms");
    DoubleColumn p95 = DoubleColumn.create("p95_ms");
    DoubleColumn p99 = DoubleColumn.create("p99_ms");
    DoubleColumn max = DoubleColumn.create("max_ms");
    for (int s = 0; s < stages.size(); s++) {
      double[] ms = new double[records.size()];
      int n = 0;
      for (TrialRecord r : records) {
        if (s < r.stageCount() && ran(r.stageStatus(s))) {
          ms[n++] = r.stageNanos(s) / 1e6;
        }
      }
      if (n == 0) {
        continue;
      }
      double[] sorted = Arrays.copyOf(ms, n);
      Arrays.sort(sorted);
      stage.append(stages.get(s));
      runs.append(n);
      mean.append(Arrays.stream(sorted).sum() / n);
      p50.append(quantile(sorted, 0.50));
      p95.append(quantile(sorted, 0.95));
      p99.append(quantile(sorted, 0.99));
      max.append(sorted[n - 1]);
    }
    return Table.create("latency per stage", stage, runs, mean, p50, p95, p99, max);
  }

  private static boolean ran(StageStatus s) {
    return s == StageStatus.OK || s == StageStatus.FAILED || s == StageStatus.TIMEOUT;
  }

  /** numpy's default (linear) quantile of sorted values. */
  static double quantile(double[] sorted, double q) {
    double pos = q * (sorted.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
  }

  /** Per stage: trials retried, retries made and timeouts; only stages with any. */
  static Table retries(List<String> stages, List<TrialRecord> records) {
    int[] retried = new int[stages.size()];
    int[] extra = new int[stages.size()];
    int[] timeouts = new int[stages.size()];
    for (TrialRecord r : records) {
      for (int s = 0; s < Math.min(stages.size(), r.stageCount()); s++) {
        int attempts = r.stageAttempts(s);
        if (attempts > 1) {
          retried[s]++;
          extra[s] += attempts - 1;
        }
        if (r.stageStatus(s) == StageStatus.TIMEOUT) {
          timeouts[s]++;
        }
      }
    }
    StringColumn stage = StringColumn.create("stage");
    IntColumn trials = IntColumn.create("trials_retried");
    IntColumn made = IntColumn.create("retries");
    IntColumn timedOut = IntColumn.create("timeouts");
    for (int s = 0; s < stages.size(); s++) {
      if (retried[s] + timeouts[s] > 0) {
        stage.append(stages.get(s));
        trials.append(retried[s]);
        made.append(extra[s]);
        timedOut.append(timeouts[s]);
      }
    }
    return Table.create("retries and timeouts", stage, trials, made, timedOut);
  }

  /**
   * Failures grouped by stage, exception class and message pattern (numbers read {@code N},
   * quoted text {@code '…'}), most frequent first, with up to three example keys each.
   */
  static Table failureGroups(List<TrialRecord> records) {
    Map<List<String>, List<String>> groups = new LinkedHashMap<>();
    for (TrialRecord r : records) {
      if (r.error() == null) {
        continue;
      }
      String cls = r.error().exceptionClass();
      List<String> group = List.of(r.error().stage(), cls.substring(cls.lastIndexOf('.') + 1),
          pattern(r.error().message()));
      groups.computeIfAbsent(group, g -> new ArrayList<>()).add(r.key());
    }
    List<Map.Entry<List<String>, List<String>>> sorted = new ArrayList<>(groups.entrySet());
    sorted.sort(Comparator.<Map.Entry<List<String>, List<String>>>comparingInt(e -> -e.getValue()
        .size()).thenComparing(Map.Entry::getKey, BY_PARTS));
    StringColumn stage = StringColumn.create("stage");
    StringColumn exception = StringColumn.create("exception");
    StringColumn message = StringColumn.create("message_pattern");
    IntColumn count = IntColumn.create("count");
    StringColumn examples = StringColumn.create("examples");
    for (Map.Entry<List<String>, List<String>> e : sorted) {
      stage.append(e.getKey().get(0));
      exception.append(e.getKey().get(1));
      message.append(e.getKey().get(2));
      count.append(e.getValue().size());
      examples.append(String.join(", ", e.getValue().subList(0,
          Math.min(EXAMPLES, e.getValue().size()))));
    }
    return Table.create("failures by pattern", stage, exception, message, count, examples);
  }

  /**
   * Per stage and endpoint, from the stage outputs that are model answers (a {@code ChatResult},
   * or its fields as a run directory stores them): requests, answers from the cache, latency
   * p50/p95 and tokens; endpoint failures are counted by exception in {@link #endpointErrors}.
   */
  static Table endpoints(List<String> stages, List<TrialRecord> records) {
    Map<List<String>, List<Map<String, Object>>> byEndpoint = new TreeMap<>(BY_PARTS);
    for (TrialRecord r : records) {
      for (int s = 0; s < Math.min(stages.size(), r.stageCount()); s++) {
        Map<String, Object> answer = answer(r.output(s));
        if (answer != null) {
          byEndpoint.computeIfAbsent(List.of(stages.get(s), String.valueOf(answer.get("endpoint"))),
              k -> new ArrayList<>()).add(answer);
        }
      }
    }
    StringColumn stage = StringColumn.create("stage");
    StringColumn endpoint = StringColumn.create("endpoint");
    IntColumn requests = IntColumn.create("requests");
    IntColumn cached = IntColumn.create("cached");
    DoubleColumn p50 = DoubleColumn.create("p50_ms");
    DoubleColumn p95 = DoubleColumn.create("p95_ms");
    LongColumn prompt = LongColumn.create("prompt_tokens");
    LongColumn completion = LongColumn.create("completion_tokens");
    byEndpoint.forEach((key, answers) -> {
      double[] ms = answers.stream().mapToDouble(a -> number(a.get("latencyMs"))).sorted().toArray();
      stage.append(key.get(0));
      endpoint.append(key.get(1));
      requests.append(answers.size());
      cached.append((int) answers.stream().filter(a -> Boolean.TRUE.equals(a.get("cached"))).count());
      p50.append(quantile(ms, 0.50));
      p95.append(quantile(ms, 0.95));
      prompt.append(answers.stream().mapToLong(a -> (long) number(a.get("promptTokens"))).sum());
      completion.append(answers.stream().mapToLong(a -> (long) number(a.get("completionTokens")))
          .sum());
    });
    return Table.create("endpoints", stage, endpoint, requests, cached, p50, p95, prompt, completion);
  }

  /**
   * Failures raised by the endpoint pool, by stage, endpoint, HTTP status ("none" when no answer
   * came: a refused connection, a timeout) and exception, as the pool's messages state them
   * ("endpoint a answered HTTP 503 ...").
   */
  static Table endpointErrors(List<TrialRecord> records) {
    Map<List<String>, Integer> counts = new TreeMap<>(BY_PARTS);
    for (TrialRecord r : records) {
      if (r.error() != null && r.error().exceptionClass().startsWith(ENDPOINT_PACKAGE)) {
        String cls = r.error().exceptionClass();
        Matcher m = ANSWERED.matcher(r.error().message());
        boolean answered = m.find();
        counts.merge(List.of(r.error().stage(), answered ? m.group(1) : "?",
            answered ? m.group(2) : "none", cls.substring(cls.lastIndexOf('.') + 1)), 1,
            Integer::sum);
      }
    }
    StringColumn stage = StringColumn.create("stage");
    StringColumn endpoint = StringColumn.create("endpoint");
    StringColumn status = StringColumn.create("http_status");
    StringColumn exception = StringColumn.create("exception");
    IntColumn count = IntColumn.create("count");
    counts.forEach((k, n) -> {
      stage.append(k.get(0));
      endpoint.append(k.get(1));
      status.append(k.get(2));
      exception.append(k.get(3));
      count.append(n);
    });
    return Table.create("endpoint errors", stage, endpoint, status, exception, count);
  }

  /**
   * The endpoint pool's state at the end, from a status panel of the last picture that is a pool
   * status (a record with a list of endpoint states): per endpoint its state, requests, errors,
   * p50/p95 and server restarts.
   */
  static Table poolAtTheEnd(List<Object> panels) {
    StringColumn name = StringColumn.create("endpoint");
    StringColumn state = StringColumn.create("state");
    LongColumn requests = LongColumn.create("requests");
    LongColumn errors = LongColumn.create("errors");
    DoubleColumn p50 = DoubleColumn.create("p50_ms");
    DoubleColumn p95 = DoubleColumn.create("p95_ms");
    IntColumn restarts = IntColumn.create("restarts");
    for (Object panel : panels) {
      Map<String, Object> pool = fields(panel);
      if (pool == null || !(pool.get("endpoints") instanceof List<?> list)) {
        continue;
      }
      for (Object e : list) {
        Map<String, Object> f = fields(e);
        if (f == null || !f.keySet().containsAll(POOL_FIELDS)) {
          continue;
        }
        name.append(String.valueOf(f.get("name")));
        state.append(String.valueOf(f.get("state")).toLowerCase(java.util.Locale.ROOT));
        requests.append((long) number(f.get("requests")));
        errors.append((long) number(f.get("errors")));
        p50.append(number(f.get("p50Ms")));
        p95.append(number(f.get("p95Ms")));
        restarts.append((int) number(f.get("restarts")));
      }
    }
    return Table.create("endpoint pool at the end", name, state, requests, errors, p50, p95,
        restarts);
  }

  /** The fields of a model answer, or null when {@code output} is none. */
  private static Map<String, Object> answer(Object output) {
    Map<String, Object> fields = fields(output);
    return fields != null && fields.keySet().containsAll(ANSWER_FIELDS) ? fields : null;
  }

  /** A record's components or a map's entries by name; null for anything else. */
  private static Map<String, Object> fields(Object output) {
    Map<String, Object> fields = new LinkedHashMap<>();
    if (output instanceof Record rec) {
      for (java.lang.reflect.RecordComponent c : rec.getClass().getRecordComponents()) {
        try {
          fields.put(c.getName(), c.getAccessor().invoke(rec));
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    } else if (output instanceof Map<?, ?> m) {
      m.forEach((k, v) -> fields.put(String.valueOf(k), v));
    } else {
      return null;
    }
    return fields;
  }

  private static double number(Object v) {
    return v instanceof Number n ? n.doubleValue() : 0;
  }

  static String pattern(String message) {
    String flat = String.valueOf(message).replaceAll("\\s+", " ").strip();
    String p = NUMBER.matcher(QUOTED.matcher(flat).replaceAll("'…'")).replaceAll("N");
    return p.length() > PATTERN_CHARS ? p.substring(0, PATTERN_CHARS - 1) + "…" : p;
  }
}
