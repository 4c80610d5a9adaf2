package io.github.trialbook.engine;

import io.github.trialbook.batch.event.ProgressSnapshot.FailureNote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last few failures, for views. Touched only on the failure path, so a lock is fine. */
final class RecentFailures {
  static final int KEEP = 10;
  private final ArrayDeque<FailureNote> notes = new ArrayDeque<>(KEEP);

  synchronized void add(FailureNote note) {
    if (notes.size() == KEEP) {
      notes.removeFirst();
    }
    notes.addLast(note);
  }

  synchronized List<FailureNote> list() {
    return new ArrayList<>(notes);
  }
}
