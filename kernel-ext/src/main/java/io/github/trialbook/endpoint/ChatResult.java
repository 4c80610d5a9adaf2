package io.github.trialbook.endpoint;

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
 */
public record ChatResult(String text, String finishReason, int promptTokens, int completionTokens,
    int totalTokens, String model, String endpoint, double latencyMs, boolean cached) {

  /** The same result marked as served from the cache. */
  ChatResult fromCache() {
    return new ChatResult(text, finishReason, promptTokens, completionTokens, totalTokens, model,
        "cache", 0.0, true);
  }
}
