package io.github.trialbook.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Describes how two sets of input ids differ: counts and a few examples. */
final class InputDiff {
  private static final int EXAMPLES = 5;

  private InputDiff() {}

  static String describe(int countBefore, int countNow, List<String> before, List<String> now) {
    if (before == null) {
      return "inputs changed: " + countBefore + " -> " + countNow + " inputs (the earlier id list "
          + "is missing, so which ids differ is unknown)";
    }
    List<String> added = missingFrom(now, before);
    List<String> removed = missingFrom(before, now);
    List<String> parts = new ArrayList<>();
    if (!added.isEmpty()) {
      parts.add(added.size() + " added (" + examples(added) + ")");
    }
    if (!removed.isEmpty()) {
      parts.add(removed.size() + " removed (" + examples(removed) + ")");
    }
    return "inputs changed: " + countBefore + " -> " + countNow + " inputs, "
        + String.join(", ", parts);
  }

  private static List<String> missingFrom(List<String> these, List<String> other) {
    Set<String> set = new HashSet<>(other);
    List<String> out = new ArrayList<>();
    for (String id : these) {
      if (!set.contains(id)) {
        out.add(id);
      }
    }
    return out;
  }

  private static String examples(List<String> ids) {
    List<String> shown = ids.subList(0, Math.min(EXAMPLES, ids.size()));
    return "e.g. " + String.join(", ", shown) + (ids.size() > EXAMPLES ? ", ..." : "");
  }
}
