package io.github.trialbook.batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Why a trial failed: the exception class and message, the stage, the attempts made, and the first
 * frames of the stack trace.
 */
public record TrialError(String exceptionClass, String message, String stage, int attempts,
    List<String> stack) {

  /** How many stack frames are kept. */
  public static final int FRAMES = 8;

  public TrialError {
    stack = List.copyOf(stack);
  }

  public static TrialError of(Throwable error, String stage, int attempts) {
    List<String> frames = new ArrayList<>();
    StackTraceElement[] trace = error.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
      frames.add(trace[i].toString());
    }
    return new TrialError(error.getClass().getName(), String.valueOf(error.getMessage()), stage,
        attempts, frames);
  }

  /** One line for tables and views: {@code SimpleName: message (stage x, n attempts)}. */
  public String summary() {
    String simple = exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
    return simple + ": " + message + " (stage " + stage + ", " + attempts
        + (attempts == 1 ? " attempt)" : " attempts)");
  }
}
