package io.github.trialbook.endpoint;

import io.github.trialbook.batch.Secrets;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it reaches an exception, a status or a file: the current
 * value of every endpoint's key variable, bearer tokens, and {@code sk-...} style keys.
 */
final class Redactor {
  private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[^\\s\"',;]+");
  private static final Pattern KEY_LIKE = Pattern.compile("\\bsk-[A-Za-z0-9_\\-]{8,}");
  /** Shorter values are too likely to occur by chance; masking them would mangle messages. */
  private static final int MIN_KEY_LENGTH = 6;

  private final List<String> keyVariables;
  private final Function<String, String> env;

  Redactor(List<String> keyVariables, Function<String, String> env) {
    this.keyVariables = List.copyOf(keyVariables);
    this.env = env;
  }

  String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text == null ? "" : text;
    }
    String out = text;
    for (String variable : keyVariables) {
      String key = env.apply(variable);
      if (key != null && key.length() >= MIN_KEY_LENGTH) {
        out = out.replace(key, Secrets.MASK);
      }
    }
    out = BEARER.matcher(out).replaceAll("$1" + Secrets.MASK);
    return KEY_LIKE.matcher(out).replaceAll(Secrets.MASK);
  }
}
