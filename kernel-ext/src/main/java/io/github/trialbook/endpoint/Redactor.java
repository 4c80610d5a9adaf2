package io.github.trialbook.endpoint;

import io.github.trialbook.batch.SecretScrubber;
import io.github.trialbook.batch.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The pool's part of the {@link Secrets} policy: its secrets are the current values of its
 * endpoints' key variables (read at each call, as the requests do, so a rotated key is masked
 * too), plus the token shapes every scrubber masks. Applied to every message, status, answer
 * and cache entry before it leaves the pool.
 */
final class Redactor {
  /** Shorter values are too likely to occur by chance; masking them would mangle messages. */
  private static final int MIN_KEY_LENGTH = 6;

  private final List<String> keyVariables;
  private final Function<String, String> env;

  Redactor(List<String> keyVariables, Function<String, String> env) {
    this.keyVariables = List.copyOf(keyVariables);
    this.env = env;
  }

  String redact(String text) {
    return text == null ? "" : scrubber().scrub(text);
  }

  /** The answer as a stage output and cache entry may hold it: a model may echo the key. */
  ChatResult redact(ChatResult r) {
    SecretScrubber s = scrubber();
    String text = s.scrub(r.text());
    String model = s.scrub(r.model());
    String finish = s.scrub(r.finishReason());
    if (text.equals(r.text()) && model.equals(r.model()) && finish.equals(r.finishReason())) {
      return r;
    }
    return new ChatResult(text, finish, r.promptTokens(), r.completionTokens(), r.totalTokens(),
        model, r.endpoint(), r.latencyMs(), r.cached(), r.costUsd());
  }

  /** The pool's keys now, and {@code more} (e.g. a command's secret arguments). */
  SecretScrubber scrubber(List<String> more) {
    List<String> keys = new ArrayList<>(more);
    for (String variable : keyVariables) {
      String key = env.apply(variable);
      if (key != null && key.strip().length() >= MIN_KEY_LENGTH) {
        keys.add(key.strip());
      }
    }
    return Secrets.scrubberOf(keys);
  }

  private SecretScrubber scrubber() {
    List<String> keys = new ArrayList<>(keyVariables.size());
    for (String variable : keyVariables) {
      String key = env.apply(variable);
      if (key != null && key.strip().length() >= MIN_KEY_LENGTH) {
        keys.add(key.strip());
      }
    }
    return Secrets.scrubberOf(keys);
  }
}
