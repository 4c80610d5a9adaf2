package io.github.trialbook.jupyter;

import io.github.trialbook.display.RendererRegistry;
import java.io.PrintStream;
import java.util.Map;
import java.util.UUID;

/**
 * Plain JShell, a {@code main} or a test: prints the {@code text/plain} part of each bundle.
 * Always available, lowest priority.
 *
 * <pre>{@code
 * new ConsoleDisplay(System.out).display(result.mimeBundle());
 * }</pre>
 */
public final class ConsoleDisplay implements KernelDisplay {
  private final PrintStream out;

  /** Prints to {@code System.out} as it is when each message is sent. */
  public ConsoleDisplay() {
    this(null);
  }

  public ConsoleDisplay(PrintStream out) {
    this.out = out;
  }

  @Override
  public String id() {
    return "console";
  }

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public String display(Map<String, String> mimeBundle) {
    print(mimeBundle);
    return UUID.randomUUID().toString();
  }

  @Override
  public void update(String displayId, Map<String, String> mimeBundle) {
    print(mimeBundle);
  }

  /** Nothing to register: a console calls {@code toString()} or the text itself. */
  @Override
  public void registerRenderers(RendererRegistry registry) {}

  private void print(Map<String, String> bundle) {
    String text = bundle.get("text/plain");
    (out == null ? System.out : out).println(text == null ? "(no text/plain in " + bundle.keySet() + ")" : text);
  }
}
