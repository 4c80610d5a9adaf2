package io.github.trialbook.notebook;

/** The three nbformat 4 cell types, with their {@code cell_type} names. */
public enum CellType {
  CODE("code"), MARKDOWN("markdown"), RAW("raw");

  private final String json;

  CellType(String json) {
    this.json = json;
  }

  /** The {@code cell_type} value in the file. */
  public String json() {
    return json;
  }

  /** The type named {@code json}, or null when there is none. */
  static CellType of(String json) {
    for (CellType t : values()) {
      if (t.json.equals(json)) {
        return t;
      }
    }
    return null;
  }
}
