package io.github.trialbook.sweep;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Secrets;
import io.github.trialbook.batch.SweepConfigs;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * A parameter sweep: points (maps from parameter name to value) expanded to configs whose names
 * are unique, file-safe case ids. Immutable; {@link #name} returns a copy with another naming
 * rule.
 *
 * <p>Order is deterministic on every JVM: parameters are taken in sorted key order (so
 * {@code Map.of} is fine), a grid varies the last key fastest, and {@link #random} draws from
 * {@code java.util.Random} with the given seed.
 *
 * <p>The default name joins key and value for each parameter ({@code T300_eps0p1_tau0p001}):
 * {@code 0.1 → 0p1}, {@code 1.0 → 1p0}, {@code -3 → m3}, {@code 1e-3 → 0p001}, other characters
 * outside {@code [A-Za-z0-9._-]} → {@code _}; names over 64 characters keep a readable prefix and
 * a stable 8-character hash of the point. Before anything runs, {@link #configs()} refuses empty
 * axes, null values, duplicate points, Windows device names ({@code CON}, {@code NUL},
 * {@code COM1}…) and two points with one name, listing them: one case silently overwriting
 * another is the failure this prevents.
 *
 * <pre>{@code
 * List<Config> points = Sweep.grid(Map.of(
 *         "T",   List.of(300, 350, 400),
 *         "eps", List.of(0.1, 1.0)))
 *     .configs();                                   // 6 configs named like "T300_eps0p1"
 * Sweep.zip(Map.of("lr", List.of(1e-3, 1e-4), "bs", List.of(32, 64))).configs();
 * Sweep.points(List.of(Map.of("T", 300), Map.of("T", 350))).configs();
 * Sweep.random(Map.of("lr", Sweep.logUniform(1e-5, 1e-2)), 20, 42).configs();
 * Sweep.grid(Map.of("T", List.of(300, 350))).name(p -> "temp" + p.get("T")).configs();
 * }</pre>
 */
public final class Sweep {
  private final List<Map<String, Object>> points;
  private final List<String> axes;
  private final Function<Map<String, Object>, String> naming;

  private Sweep(List<Map<String, Object>> points, List<String> axes,
      Function<Map<String, Object>, String> naming) {
    this.points = points;
    this.axes = axes;
    this.naming = naming;
  }

  /** Every combination of the axes' values. */
  public static Sweep grid(Map<String, ? extends List<?>> axes) {
    Map<String, List<Object>> sorted = checkedAxes(axes, "grid");
    List<Map<String, Object>> points = new ArrayList<>();
    points.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<Object>> axis : sorted.entrySet()) {
      List<Map<String, Object>> next = new ArrayList<>(points.size() * axis.getValue().size());
      for (Map<String, Object> p : points) {
        for (Object v : axis.getValue()) {
          Map<String, Object> q = new LinkedHashMap<>(p);
          q.put(axis.getKey(), v);
          next.add(q);
        }
      }
      points = next;
    }
    return new Sweep(freeze(points), List.copyOf(sorted.keySet()), null);
  }

  /** The i-th values of all axes together; every axis must have the same length. */
  public static Sweep zip(Map<String, ? extends List<?>> axes) {
    Map<String, List<Object>> sorted = checkedAxes(axes, "zip");
    int n = -1;
    for (Map.Entry<String, List<Object>> axis : sorted.entrySet()) {
      if (n >= 0 && axis.getValue().size() != n) {
        Map<String, Integer> lengths = new LinkedHashMap<>();
        sorted.forEach((k, v) -> lengths.put(k, v.size()));
        throw new BatchConfigException("Sweep.zip needs axes of one length (lengths: " + lengths
            + "); give every axis as many values, or use Sweep.grid for all combinations");
      }
      n = axis.getValue().size();
    }
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      for (Map.Entry<String, List<Object>> axis : sorted.entrySet()) {
        p.put(axis.getKey(), axis.getValue().get(i));
      }
      points.add(p);
    }
    return new Sweep(freeze(points), List.copyOf(sorted.keySet()), null);
  }

  /** An explicit list of points; the axes are the union of their keys. */
  public static Sweep points(List<? extends Map<String, ?>> points) {
    if (points == null || points.isEmpty()) {
      throw new BatchConfigException("Sweep.points needs at least one point (was "
          + (points == null ? "null" : "empty") + "); pass a list of maps such as "
          + "List.of(Map.of(\"T\", 300))");
    }
    Set<String> axes = new TreeSet<>();
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < points.size(); i++) {
      Map<String, ?> p = points.get(i);
      if (p == null || p.isEmpty()) {
        throw new BatchConfigException("Sweep.points: point [" + i + "] is "
            + (p == null ? "null" : "empty") + "; every point needs at least one parameter");
      }
      Map<String, Object> sorted = new TreeMap<>();
      for (Map.Entry<String, ?> e : p.entrySet()) {
        checkValue(e.getKey(), e.getValue(), "point [" + i + "]");
        sorted.put(e.getKey(), e.getValue());
      }
      axes.addAll(sorted.keySet());
      out.add(new LinkedHashMap<>(sorted));
    }
    return new Sweep(freeze(out), List.copyOf(axes), null);
  }

  /** {@code n} points drawn from the distributions with {@code seed}; the same seed, the same points. */
  public static Sweep random(Map<String, Distribution> axes, int n, long seed) {
    if (axes == null || axes.isEmpty()) {
      throw new BatchConfigException("Sweep.random needs at least one axis (was "
          + (axes == null ? "null" : "empty") + "); pass e.g. Map.of(\"lr\", "
          + "Sweep.logUniform(1e-5, 1e-2))");
    }
    if (n < 1) {
      throw new BatchConfigException("Sweep.random needs n >= 1 points (was " + n + ")");
    }
    Map<String, Distribution> sorted = new TreeMap<>();
    axes.forEach((k, d) -> {
      checkKey(k, "Sweep.random");
      if (d == null) {
        throw new BatchConfigException("Sweep.random: axis '" + k + "' has a null distribution; "
            + "pass Sweep.uniform(lo, hi), Sweep.logUniform(lo, hi) or Sweep.choice(values)");
      }
      sorted.put(k, d);
    });
    Random random = new Random(seed);
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      sorted.forEach((k, d) -> p.put(k, d.sample(random)));
      points.add(p);
    }
    return new Sweep(freeze(points), List.copyOf(sorted.keySet()), null);
  }

  /** A value drawn per point by {@link #random}. */
  @FunctionalInterface
  public interface Distribution {
    Object sample(Random random);
  }

  /** Uniform on {@code [lo, hi)}. */
  public static Distribution uniform(double lo, double hi) {
    checkRange(lo, hi, "uniform", false);
    return r -> lo + (hi - lo) * r.nextDouble();
  }

  /** Log-uniform on {@code [lo, hi)}, for learning rates and tolerances; {@code 0 < lo < hi}. */
  public static Distribution logUniform(double lo, double hi) {
    checkRange(lo, hi, "logUniform", true);
    double a = Math.log(lo);
    double b = Math.log(hi);
    return r -> Math.exp(a + (b - a) * r.nextDouble());
  }

  /** One of {@code values}, each equally likely. */
  public static Distribution choice(List<?> values) {
    if (values == null || values.isEmpty()) {
      throw new BatchConfigException("Sweep.choice needs at least one value (was "
          + (values == null ? "null" : "empty") + ")");
    }
    List<Object> copy = new ArrayList<>(values);
    for (int i = 0; i < copy.size(); i++) {
      checkValue("choice", copy.get(i), "Sweep.choice value [" + i + "]");
    }
    return r -> copy.get(r.nextInt(copy.size()));
  }

  /** This sweep named by {@code rule} instead of the default; the rule gets the point. */
  public Sweep name(Function<Map<String, Object>, String> rule) {
    if (rule == null) {
      throw new BatchConfigException("Sweep.name(rule): rule cannot be null; pass p -> \"T\" + "
          + "p.get(\"T\")");
    }
    return new Sweep(points, axes, rule);
  }

  /** The points, in order (unmodifiable maps, keys in sorted order). */
  public List<Map<String, Object>> pointList() {
    return points;
  }

  /** The parameter names, sorted. */
  public List<String> axes() {
    return axes;
  }

  /**
   * One config per point: named by the rule, with the point as its params.
   *
   * @throws BatchConfigException on duplicate points, an invalid name or two points with one name
   */
  public SweepConfigs configs() {
    Map<Map<String, Object>, Integer> seen = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      Integer before = seen.putIfAbsent(points.get(i), i);
      if (before != null) {
        throw new BatchConfigException("the sweep has duplicate points: [" + before + "] and ["
            + i + "] are both " + Secrets.redact(points.get(i)) + "; remove the repeated value");
      }
    }
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    List<String> collisions = new ArrayList<>();
    List<Config> configs = new ArrayList<>(points.size());
    for (Map<String, Object> p : points) {
      String name = CaseNames.check(naming == null ? CaseNames.of(p) : applyRule(p), p);
      Map<String, Object> other = byName.putIfAbsent(name, p);
      if (other != null) {
        collisions.add("\"" + name + "\" names both " + Secrets.redact(other) + " and "
            + Secrets.redact(p));
      } else {
        configs.add(Config.of(name, p));
      }
    }
    if (!collisions.isEmpty()) {
      throw new BatchConfigException(collisions.size() + " case name collision"
          + (collisions.size() == 1 ? "" : "s") + " (one case would overwrite the other): "
          + String.join("; ", collisions.subList(0, Math.min(5, collisions.size())))
          + (collisions.size() > 5 ? "; ..." : "")
          + ". Fix: name(p -> ...) with a rule that tells these points apart");
    }
    return new SweepConfigs(configs, axes);
  }

  private String applyRule(Map<String, Object> p) {
    try {
      return naming.apply(p);
    } catch (RuntimeException e) {
      List<String> secrets = p.entrySet().stream().filter(x -> Secrets.looksSecret(x.getKey()))
          .map(x -> String.valueOf(x.getValue())).toList();
      throw new BatchConfigException("the sweep's name rule threw "
          + Secrets.scrubberOf(secrets).scrub(e.toString()) + " for point " + Secrets.redact(p)
          + "; make it total over the points");
    }
  }

  // --- checks --------------------------------------------------------------------------------

  private static Map<String, List<Object>> checkedAxes(Map<String, ? extends List<?>> axes,
      String kind) {
    if (axes == null || axes.isEmpty()) {
      throw new BatchConfigException("Sweep." + kind + " needs at least one axis (was "
          + (axes == null ? "null" : "empty") + "); pass e.g. Map.of(\"T\", List.of(300, 350))");
    }
    Map<String, List<Object>> sorted = new TreeMap<>();
    for (Map.Entry<String, ? extends List<?>> e : axes.entrySet()) {
      checkKey(e.getKey(), "Sweep." + kind);
      List<?> values = e.getValue();
      if (values == null || values.isEmpty()) {
        throw new BatchConfigException("Sweep." + kind + ": axis '" + e.getKey() + "' is "
            + (values == null ? "null" : "empty") + "; give it at least one value or remove it");
      }
      List<Object> copy = new ArrayList<>(values.size());
      Set<Object> distinct = new LinkedHashSet<>();
      for (int i = 0; i < values.size(); i++) {
        Object v = values.get(i);
        checkValue(e.getKey(), v, "axis '" + e.getKey() + "' value [" + i + "]");
        if (!distinct.add(v)) {
          throw new BatchConfigException("Sweep." + kind + ": axis '" + e.getKey() + "' holds "
              + v + " twice (duplicate points); remove the repeated value");
        }
        copy.add(v);
      }
      sorted.put(e.getKey(), copy);
    }
    return sorted;
  }

  private static void checkKey(String key, String where) {
    if (key == null || key.isBlank()) {
      throw new BatchConfigException(where + ": a parameter name is " + (key == null ? "null"
          : "blank") + "; name every axis");
    }
  }

  private static void checkValue(String key, Object v, String where) {
    if (v == null) {
      throw new BatchConfigException("Sweep: " + where + " of '" + key + "' is null; a sweep "
          + "point needs a value for every parameter, remove it or give a value");
    }
  }

  private static void checkRange(double lo, double hi, String kind, boolean positive) {
    if (!(lo < hi) || !Double.isFinite(lo) || !Double.isFinite(hi) || (positive && !(lo > 0))) {
      throw new BatchConfigException("Sweep." + kind + "(lo, hi) needs finite "
          + (positive ? "0 < lo < hi" : "lo < hi") + " (was lo=" + lo + ", hi=" + hi + ")");
    }
  }

  private static List<Map<String, Object>> freeze(List<Map<String, Object>> points) {
    List<Map<String, Object>> out = new ArrayList<>(points.size());
    for (Map<String, Object> p : points) {
      out.add(Collections.unmodifiableMap(p));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return "Sweep[" + points.size() + " points over " + axes + "]";
  }
}
