package io.github.trialbook.engine;

import io.github.trialbook.batch.Config;
import io.github.trialbook.batch.Secrets;
import java.util.ArrayList;
import java.util.List;

/** Masks the values of secret-looking config params wherever an error message could leak them. */
final class Redactor {
  private final String[] secrets;

  Redactor(List<Config> configs) {
    List<String> values = new ArrayList<>();
    for (Config c : configs) {
      c.params().forEach((k, v) -> {
        String s = String.valueOf(v);
        if (Secrets.looksSecret(k) && s.length() >= 4 && !values.contains(s)) {
          values.add(s);
        }
      });
    }
    secrets = values.toArray(String[]::new);
  }

  String redact(String text) {
    if (text == null || secrets.length == 0) {
      return text;
    }
    String out = text;
    for (String s : secrets) {
      out = out.replace(s, Secrets.MASK);
    }
    return out;
  }
}
