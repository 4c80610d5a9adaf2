package io.github.trialbook;

import io.github.trialbook.batch.BatchConfigException;
import io.github.trialbook.batch.BatchSpec;
import io.github.trialbook.batch.TrialStatus;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import tech.tablesaw.api.Row;

/**
 * Which trials a {@link Trialbook#rerun} runs again. Selections combine with {@link #and},
 * {@link #or} and {@link #not}; several passed to {@code rerun} must all match. A selection is
 * evaluated against the latest outcome of every trial of the spec, including trials that never
 * ran (they have no record and no row: {@link #failed()} and {@link #where} skip them,
 * {@link #configs} and {@link #inputs} take them).
 *
 * <pre>{@code
 * Trialbook.rerun(spec, Select.failed());                              // just the failures
 * Trialbook.rerun(spec, Select.configs("B"));                          // one config, after a fix
 * Trialbook.rerun(spec, Select.inputs(List.of("doc-17", "doc-42")));  // flagged inputs
 * Trialbook.rerun(spec, Select.where(row -> row.getDouble("latency_ms") > 1000)
 *     .and(Select.configs("A")));
 * }</pre>
 */
public final class Select {
  /** Unknown input ids a note names before "...". */
  private static final int SHOWN_IDS = 5;

  /** What a selection sees of one trial: its config, input id, latest status and results row. */
  interface Candidate {
    String config();

    String inputId();

    /** The latest record's status, or null for a trial that never ran. */
    TrialStatus status();

    /** The trial's row of the results table, or null for a trial that never ran. */
    Row row();
  }

  private final Predicate<Candidate> test;
  private final String description;
  /** The config names and input ids this selection names anywhere, to check against a spec. */
  private final Set<String> configNames;
  private final Set<String> inputIds;

  private Select(Predicate<Candidate> test, String description) {
    this(test, description, Set.of(), Set.of());
  }

  private Select(Predicate<Candidate> test, String description, Set<String> configNames,
      Set<String> inputIds) {
    this.test = test;
    this.description = description;
    this.configNames = configNames;
    this.inputIds = inputIds;
  }

  /** Trials whose latest outcome is {@code failed} or {@code timeout}. */
  public static Select failed() {
    return new Select(c -> c.status() == TrialStatus.FAILED || c.status() == TrialStatus.TIMEOUT,
        "failed");
  }

  /** Trials an early stop left unrun (status {@code stopped}); a rerun runs them to the end. */
  public static Select stopped() {
    return new Select(c -> c.status() == TrialStatus.STOPPED, "stopped");
  }

  /**
   * Every trial of these configs. A name the spec has no config of is an error listing the
   * spec's configs (a typo must not rerun nothing in silence).
   */
  public static Select configs(String... names) {
    Set<String> set = names(Arrays.asList(names), "configs");
    return new Select(c -> set.contains(c.config()), "configs " + set, set, Set.of());
  }

  /**
   * Every trial of these input ids (all configs). Ids the spec does not have are skipped, and
   * the result's {@code notes()} name the first few.
   */
  public static Select inputs(Collection<String> ids) {
    Set<String> set = names(ids, "inputs");
    return new Select(c -> set.contains(c.inputId()), "inputs " + abbreviate(set), Set.of(), set);
  }

  /** Trials whose row of the results table matches (see {@code BatchResult.table()}). */
  public static Select where(Predicate<Row> predicate) {
    Objects.requireNonNull(predicate, "predicate cannot be null; pass row -> ...");
    return new Select(c -> c.row() != null && predicate.test(c.row()), "where(...)");
  }

  /** Every trial of the spec. */
  public static Select all() {
    return new Select(c -> true, "all");
  }

  public Select and(Select other) {
    return new Select(test.and(other.test), description + " and " + other.description,
        union(configNames, other.configNames), union(inputIds, other.inputIds));
  }

  public Select or(Select other) {
    return new Select(test.or(other.test), "(" + description + " or " + other.description + ")",
        union(configNames, other.configNames), union(inputIds, other.inputIds));
  }

  public Select not() {
    return new Select(test.negate(), "not " + description, configNames, inputIds);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    if (b.isEmpty()) {
      return a;
    }
    Set<String> both = new LinkedHashSet<>(a);
    both.addAll(b);
    return both;
  }

  /**
   * Checks the names in {@code selection} against the spec: an unknown config is an error that
   * lists the spec's configs; unknown input ids are returned as a note naming the first few.
   */
  static List<String> check(BatchSpec<?> spec, List<Select> selection) {
    Set<String> configs = new LinkedHashSet<>();
    spec.configs().forEach(c -> configs.add(c.name()));
    Set<String> named = new LinkedHashSet<>();
    Set<String> ids = new LinkedHashSet<>();
    for (Select s : selection) {
      named.addAll(s.configNames);
      ids.addAll(s.inputIds);
    }
    List<String> unknownConfigs = named.stream().filter(n -> !configs.contains(n)).toList();
    if (!unknownConfigs.isEmpty()) {
      throw new BatchConfigException("Select.configs names " + (unknownConfigs.size() == 1
          ? "a config" : "configs") + " batch " + spec.name() + " does not have: "
          + String.join(", ", unknownConfigs) + "; its configs are " + String.join(", ", configs)
          + ". Fix the name(s)");
    }
    if (ids.isEmpty()) {
      return List.of();
    }
    Set<String> known = new HashSet<>(spec.inputIds());
    List<String> unknownIds = ids.stream().filter(id -> !known.contains(id)).toList();
    if (unknownIds.isEmpty()) {
      return List.of();
    }
    int shown = Math.min(SHOWN_IDS, unknownIds.size());
    return List.of(unknownIds.size() + " of the " + ids.size() + " ids given to Select.inputs "
        + (unknownIds.size() == 1 ? "is not an input" : "are not inputs") + " of batch "
        + spec.name() + " and " + (unknownIds.size() == 1 ? "was" : "were") + " skipped: "
        + String.join(", ", unknownIds.subList(0, shown))
        + (unknownIds.size() > shown ? ", ..." : "") + " (check the ids, e.g. the id function)");
  }


  boolean matches(Candidate candidate) {
    return test.test(candidate);
  }

  @Override
  public String toString() {
    return "Select[" + description + "]";
  }

  private static Set<String> names(Collection<String> values, String what) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("Select." + what + "(...) needs at least one name");
    }
    Set<String> set = new LinkedHashSet<>();
    for (String v : values) {
      set.add(Objects.requireNonNull(v, "Select." + what + "(...) got a null name"));
    }
    return set;
  }

  private static String abbreviate(Set<String> set) {
    return set.size() <= 5 ? set.toString() : set.size() + " ids";
  }
}
