package io.github.trialbook.endpoint;

import java.util.Objects;

/**
 * One message of a chat-completions request: a role ({@code system}, {@code user},
 * {@code assistant}) and its text. Immutable.
 *
 * <pre>{@code
 * ChatMessage m = ChatMessage.user("Is this review positive? " + review);
 * }</pre>
 */
public record ChatMessage(String role, String content) {
  public ChatMessage {
    Objects.requireNonNull(role, "message role cannot be null; use system, user or assistant");
    Objects.requireNonNull(content, "message content cannot be null; pass \"\" for an empty one");
  }

  public static ChatMessage system(String content) {
    return new ChatMessage("system", content);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage("user", content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage("assistant", content);
  }
}
