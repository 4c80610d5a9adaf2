package io.github.trialbook.display;

import io.github.trialbook.internal.PlainText;
import io.github.trialbook.render.Html;
import io.github.trialbook.render.Renderable;
import java.nio.file.Path;

/**
 * A link to a file the run wrote (its report, say), shown under the final progress: in HTML an
 * {@code <a>} whose target is relative to the working directory when the file lies below it (a
 * notebook's folder, so Jupyter opens it) and a {@code file:} URI otherwise; in text the label and
 * the absolute path. Both escaped.
 *
 * <pre>{@code
 * ProgressSnapshot last = snapshot.withPanel(new FileLink("report", Path.of("runs/x/report.html")));
 * }</pre>
 */
public record FileLink(String label, Path file) implements Renderable {
  @Override
  public String toText() {
    return PlainText.escape(label + ": " + file.toAbsolutePath().normalize());
  }

  @Override
  public String toHtml() {
    return "<p class=\"trialbook-note\">" + Html.escape(label) + ": <a href=\"" + Html.escape(href())
        + "\" target=\"_blank\">" + Html.escape(file.toAbsolutePath().normalize().toString())
        + "</a></p>";
  }

  /** The link target: relative below the working directory, else a file URI; always encoded. */
  String href() {
    Path abs = file.toAbsolutePath().normalize();
    Path cwd = Path.of("").toAbsolutePath().normalize();
    if (abs.startsWith(cwd)) {
      // a relative URI: each segment percent-encoded as the file URI would have it
      String uri = abs.toUri().getRawPath();
      String base = cwd.toUri().getRawPath();
      return uri.substring(base.endsWith("/") ? base.length() : base.length() + 1);
    }
    return abs.toUri().toString();
  }

  @Override
  public String toString() {
    return toText();
  }
}
