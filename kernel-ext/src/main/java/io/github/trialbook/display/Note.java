package io.github.trialbook.display;

/**
 * Something the user should know about a run, shown under its final progress: a crashed session
 * resumed, a deleted trial log, input ids a selection did not find. Views show it as one line,
 * {@code note: <text>}; the console view prints it after the final line.
 *
 * <pre>{@code
 * ProgressSnapshot last = snapshot.withPanel(new Note("runs/triage/trials.jsonl is missing ..."));
 * }</pre>
 */
public record Note(String text) {
  @Override
  public String toString() {
    return "note: " + text;
  }
}
