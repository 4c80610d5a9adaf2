package io.github.trialbook.batch;

import io.github.trialbook.internal.Checks;
import io.github.trialbook.internal.StringSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The ids of a batch's inputs: one per input, non-blank, single-line, well-formed Unicode (they
 * are stored as UTF-8 and must find their trial again on resume) and unique.
 */
final class InputIds {
  private InputIds() {}

  /**
   * The id of every input, in input order ({@code idFunction} is not null: the builder checked).
   *
   * @throws BatchConfigException naming the first bad input, or every duplicate found
   */
  static <I> List<String> of(List<? extends I> inputs, Function<? super I, String> idFunction) {
    String[] out = new String[inputs.size()];
    StringSet seen = new StringSet(out.length);
    int duplicateCount = 0;
    for (int i = 0; i < out.length; i++) {
      String id = idOf(inputs.get(i), i, idFunction);
      if (!seen.add(id)) {
        duplicateCount++;
      }
      out[i] = id;
    }
    if (duplicateCount > 0) {
      throw new BatchConfigException(duplicateCount + " duplicate input id"
          + (duplicateCount == 1 ? "" : "s") + ": " + describeDuplicates(out)
          + "; ids must be unique: make the id function distinguish these inputs");
    }
    return Arrays.asList(out);
  }

  private static <I> String idOf(I input, int i, Function<? super I, String> idFunction) {
    if (input == null) {
      throw new BatchConfigException("inputs[" + i + "] is null; remove null inputs");
    }
    String id;
    try {
      id = idFunction.apply(input);
    } catch (RuntimeException e) {
      throw new BatchConfigException("idFunction threw " + e + " on inputs[" + i
          + "]; make the id function total over the inputs");
    }
    if (id != null && plainId(id)) {
      return id; // the usual case, decided in one pass; the checks below name what is wrong
    }
    if (id == null || id.isBlank()) {
      throw new BatchConfigException("idFunction returned " + (id == null ? "null" : "a blank id")
          + " for inputs[" + i + "] (" + abbreviate(String.valueOf(input))
          + "); every input needs a non-blank id");
    }
    if (id.indexOf('\n') >= 0 || id.indexOf('\r') >= 0) {
      throw new BatchConfigException("input id of inputs[" + i + "] contains a line break ("
          + abbreviate(id) + "); ids must be single-line");
    }
    int broken = Checks.unpairedSurrogate(id);
    if (broken >= 0) {
      throw new BatchConfigException("input id of inputs[" + i + "] (\""
          + Checks.escapeSurrogates(abbreviate(id)) + "\") is not valid Unicode: char " + broken
          + " is an unpaired surrogate (" + Checks.escapeSurrogates(id.substring(broken,
          broken + 1)) + "); ids are stored as UTF-8, which cannot hold it, so the trial could "
          + "not be found again on resume. Make the id function return well-formed text, e.g. "
          + "drop or replace that character");
    }
    return id;
  }

  /**
   * True when {@code id} is non-blank, single-line and well-formed, looked at in one pass over its
   * chars: the first batch of a fresh JVM checks every id before the JIT has compiled anything,
   * and the four separate passes below (blank, two line breaks, surrogates) each cost there. False
   * means "look closer", never "bad" by itself.
   */
  private static boolean plainId(String id) {
    boolean blank = true;
    int n = id.length();
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c == '\n' || c == '\r' || c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
        return false;
      }
      if (blank && !Character.isWhitespace(c)) {
        blank = false;
      }
    }
    return !blank;
  }

  /** The first few duplicates with both positions (a second pass, only on the error path). */
  private static String describeDuplicates(String[] ids) {
    Map<String, Integer> first = new HashMap<>();
    List<String> shown = new ArrayList<>();
    for (int i = 0; i < ids.length && shown.size() <= 5; i++) {
      Integer at = first.putIfAbsent(ids[i], i);
      if (at != null) {
        shown.add("'" + abbreviate(ids[i]) + "' at inputs[" + at + "] and [" + i + "]");
      }
    }
    return shown.size() > 5 ? String.join(", ", shown.subList(0, 5)) + ", ..."
        : String.join(", ", shown);
  }

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
