package io.github.trialbook;

import io.github.trialbook.batch.TrialRecord;
import io.github.trialbook.batch.TrialStatus;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
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
  /** What a selection sees of one trial: its config, input id, latest record and results row. */
  interface Candidate {
    String config();

    String inputId();

    /** The latest record, or null for a trial that never ran. */
    TrialRecord record();

    /** The trial's row of the results table, or null for a trial that never ran. */
    Row row();
  }

  private final Predicate<Candidate> test;
  private final String description;

  private Select(Predicate<Candidate> test, String description) {
    this.test = test;
    this.description = description;
  }

  /** Trials whose latest outcome is {@code failed} or {@code timeout}. */
  public static Select failed() {
    return new Select(c -> c.record() != null && (c.record().status() == TrialStatus.FAILED
        || c.record().status() == TrialStatus.TIMEOUT), "failed");
  }

  /** Every trial of these configs. */
  public static Select configs(String... names) {
    Set<String> set = names(Arrays.asList(names), "configs");
    return new Select(c -> set.contains(c.config()), "configs " + set);
  }

  /** Every trial of these input ids (all configs). */
  public static Select inputs(Collection<String> ids) {
    Set<String> set = names(ids, "inputs");
    return new Select(c -> set.contains(c.inputId()), "inputs " + abbreviate(set));
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
    return new Select(test.and(other.test), description + " and " + other.description);
  }

  public Select or(Select other) {
    return new Select(test.or(other.test), "(" + description + " or " + other.description + ")");
  }

  public Select not() {
    return new Select(test.negate(), "not " + description);
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
