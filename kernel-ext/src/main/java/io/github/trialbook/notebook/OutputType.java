package io.github.trialbook.notebook;

/** The four nbformat 4 output types of a code cell, with their {@code output_type} names. */
public enum OutputType {
  STREAM("stream"), EXECUTE_RESULT("execute_result"), DISPLAY_DATA("display_data"), ERROR("error");

  private final String json;

  OutputType(String json) {
    this.json = json;
  }

  /** The {@code output_type} value in the file. */
  public String json() {
    return json;
  }

  /** The type named {@code json}, or null when there is none. */
  static OutputType of(String json) {
    for (OutputType t : values()) {
      if (t.json.equals(json)) {
        return t;
      }
    }
    return null;
  }
}
