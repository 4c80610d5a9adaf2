package io.github.trialbook.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OpenAI-compatible chat-completions request: messages and the usual sampling options. Absent
 * options ({@code null}) are left out of the JSON body, so the server's defaults apply. Immutable;
 * the {@code with…} methods return copies. Requests are equal when their fields are equal, which
 * is what the response cache and failover rely on.
 *
 * <pre>{@code
 * ChatRequest r = ChatRequest.of(ChatMessage.system("Answer yes or no."), ChatMessage.user(q))
 *     .withTemperature(0.0)
 *     .withMaxTokens(16)
 *     .withSeed(42L)
 *     .withResponseFormat(Map.of("type", "json_object"));
 * }</pre>
 *
 * @param model the model name, or null to use the endpoint's model
 * @param messages at least one message
 * @param temperature sampling temperature, or null
 * @param maxTokens {@code max_tokens}, or null
 * @param seed {@code seed}, or null
 * @param responseFormat {@code response_format} as a JSON-like map, or null
 * @param extra further top-level body fields ({@code top_p}, {@code stop}...), JSON-like values
 */
public record ChatRequest(String model, List<ChatMessage> messages, Double temperature,
    Integer maxTokens, Long seed, Map<String, Object> responseFormat, Map<String, Object> extra) {

  public ChatRequest {
    if (messages == null || messages.isEmpty()) {
      throw new EndpointConfigException("chat request messages cannot be empty (was " + messages
          + "); pass at least ChatMessage.user(\"...\")");
    }
    messages = List.copyOf(messages);
    if (maxTokens != null && maxTokens < 1) {
      throw new EndpointConfigException("chat request maxTokens must be at least 1 (was "
          + maxTokens + "); pass null for the server's default");
    }
    responseFormat = responseFormat == null ? null
        : Collections.unmodifiableMap(new LinkedHashMap<>(responseFormat));
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /** A request with these messages and no options; the endpoint's model is used. */
  public static ChatRequest of(ChatMessage... messages) {
    return new ChatRequest(null, List.of(messages), null, null, null, null, null);
  }

  /** A request with one user message. */
  public static ChatRequest user(String content) {
    return of(ChatMessage.user(content));
  }

  public ChatRequest withModel(String model) {
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, extra);
  }

  public ChatRequest withMessage(ChatMessage message) {
    List<ChatMessage> more = new ArrayList<>(messages);
    more.add(message);
    return new ChatRequest(model, more, temperature, maxTokens, seed, responseFormat, extra);
  }

  public ChatRequest withTemperature(Double temperature) {
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, extra);
  }

  public ChatRequest withMaxTokens(Integer maxTokens) {
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, extra);
  }

  public ChatRequest withSeed(Long seed) {
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, extra);
  }

  public ChatRequest withResponseFormat(Map<String, Object> responseFormat) {
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, extra);
  }

  /** Adds one top-level body field, e.g. {@code withExtra("top_p", 0.9)}. */
  public ChatRequest withExtra(String field, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extra);
    more.put(field, value);
    return new ChatRequest(model, messages, temperature, maxTokens, seed, responseFormat, more);
  }
}
