package io.github.trialbook.notebook;

/** A code cell's {@code metadata.papermill.status}, as papermill writes it. */
public enum ExecutionStatus {
  PENDING("pending"), RUNNING("running"), COMPLETED("completed"), FAILED("failed");

  private final String json;

  ExecutionStatus(String json) {
    this.json = json;
  }

  /** The value in the file. */
  public String json() {
    return json;
  }

  /** The status named {@code json}, or null when there is none. */
  static ExecutionStatus of(String json) {
    for (ExecutionStatus s : values()) {
      if (s.json.equals(json)) {
        return s;
      }
    }
    return null;
  }
}
