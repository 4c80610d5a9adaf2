package io.github.trialbook;

import io.github.trialbook.batch.TrialbookException;
import java.util.List;

/** {@link Audit#strict()} found cases that are not ok; the message lists the first of them. */
public class IncompleteRunException extends TrialbookException {
  private final List<String> cases;

  public IncompleteRunException(String message, List<String> cases) {
    super(message);
    this.cases = List.copyOf(cases);
  }

  /** The keys {@code config/inputId} of every case that is not ok. */
  public List<String> cases() {
    return cases;
  }
}
