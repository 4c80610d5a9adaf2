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

  /**
   * The error of a stage of a trial of {@code config}; a {@code ClassCastException} from reading
   * one of its params as the wrong type gets the param and the reader to use added.
   */
  public static TrialError of(Throwable error, String stage, int attempts, Config config) {
    TrialError e = of(error, stage, attempts);
    if (error instanceof ClassCastException cast) {
      return config.castHint(cast).map(hint -> new TrialError(e.exceptionClass(),
          e.message() + " (" + hint + ")", stage, attempts, e.stack())).orElse(e);
    }
    return e;
  }

  /** The error of a stage: class, message and the first {@link #FRAMES} frames. */
  public static TrialError of(Throwable error, String stage, int attempts) {
    List<String> frames = new ArrayList<>();
    StackTraceElement[] trace = error.getStackTrace();
    for (int i = 0; i < Math.min(FRAMES, trace.length); i++) {
      frames.add(trace[i].toString());
    }
    return new TrialError(error.getClass().getName(), String.valueOf(error.getMessage()), stage,
        attempts, frames);
  }

  /** Why an early stop left a trial unrun: no exception, no attempt. */
  public static TrialError stopped(String reason, String firstStage) {
    return new TrialError(EarlyStop.class.getName(), reason, firstStage, 0, List.of());
  }

  /**
   * One line for tables and views: {@code SimpleName: message (stage x, n attempts)}, or the
   * reason alone for a trial that was never attempted.
   */
  public String summary() {
    if (attempts == 0) {
      return message;
    }
    String simple = exceptionClass.substring(exceptionClass.lastIndexOf('.') + 1);
    return simple + ": " + message + " (stage " + stage + ", " + attempts
        + (attempts == 1 ? " attempt)" : " attempts)");
  }
}
