package io.github.trialbook.endpoint;

import io.github.trialbook.batch.Usage;

/**
 * What a chat completion returned, as a stage output. It is a record so that the results table
 * flattens it into columns ({@code llm.text}, {@code llm.finishReason}, {@code llm.promptTokens}...
 * for a stage named {@code llm}), which is how token use per config reaches the table.
 *
 * <pre>{@code
 * .stage("llm", t -> pool.chat(ChatRequest.user(t.input().text())))
 * .stage("label", t -> parseLabel(t.<ChatResult>output("llm").text()))
 * }</pre>
 *
 * @param text the first choice's message content ("" when the server sent none)
 * @param finishReason {@code stop}, {@code length}... or "" when absent
 * @param promptTokens usage.prompt_tokens, 0 when absent
 * @param completionTokens usage.completion_tokens, 0 when absent
 * @param totalTokens usage.total_tokens, 0 when absent
 * @param model the model the server says answered
 * @param endpoint the name of the endpoint that answered, or {@code cache}
 * @param latencyMs the HTTP round trip in milliseconds (0 for a cache hit)
 * @param cached true when the response came from the response cache
 * @param costUsd prompt and completion tokens at the answering endpoint's declared prices
 *     ({@link Endpoint.Builder#price}), 0 when it declares none or for a cache hit
 */
public record ChatResult(String text, String finishReason, int promptTokens, int completionTokens,
    int totalTokens, String model, String endpoint, double latencyMs, boolean cached,
    double costUsd) implements Usage {

  /** The same result marked as served from the cache. */
  ChatResult fromCache() {
    return new ChatResult(text, finishReason, promptTokens, completionTokens, totalTokens, model,
        "cache", 0.0, true, 0.0);
  }
}
