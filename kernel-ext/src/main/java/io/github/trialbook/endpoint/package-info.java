/**
 * Model endpoints: a pool of OpenAI-compatible chat-completions servers (vLLM, llama.cpp server,
 * hosted APIs) behind one stage call.
 *
 * <p>{@link io.github.trialbook.endpoint.EndpointPool} routes each request to the healthy
 * endpoint with the fewest requests in flight below its limit (fixed, or adaptive AIMD), waits
 * (bounded) when none has room, turns 429/503 {@code Retry-After} into
 * {@link io.github.trialbook.batch.RetryAfterException}s the retry policy honours (within the
 * stage's timeout), fails over on 5xx and connection errors, probes health, and restarts servers
 * with their start/stop commands.
 * {@link io.github.trialbook.endpoint.PoolStatus} is the live state, renderable in a notebook.
 * API keys are read from environment variables at each request and never shown.
 *
 * <pre>{@code
 * EndpointPool pool = EndpointPool.builder()
 *     .endpoint(Endpoint.builder("http://127.0.0.1:8000/v1", "qwen2.5-7b")
 *         .maxConcurrency(32).build())
 *     .build();
 * ChatResult r = pool.chat(ChatRequest.user("Say hi").withMaxTokens(8));
 * }</pre>
 *
 * <p>Arrows (what it may import besides the JDK; {@code PackageDependenciesTest} enforces them):
 * {@code batch}, {@code render}, {@code internal}, {@code com.fasterxml.jackson}.
 */
package io.github.trialbook.endpoint;
