package io.github.trialbook.endpoint;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.trialbook.batch.BatchClock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Sends one chat-completions request to one endpoint and turns the answer into a
 * {@link ChatResult} or the exception that says what to do next (retry elsewhere, wait, give up).
 * Thread-safe: the JDK client and the Jackson mapper are shared.
 */
final class ChatClient {
  private static final int SNIPPET = 300;

  private static final List<String> JSON_HEADERS = List.of("Content-Type", "application/json");

  private final Http1Client plain;
  private final HttpClient plainHealth;
  private final HttpClient tls;
  private final ObjectMapper json;
  private final Function<String, String> env;
  private final Redactor redactor;
  private final BatchClock clock;

  /**
   * Chat requests go to http:// endpoints through {@code plain}, to https:// ones through
   * {@code tls} (HTTP/2 negotiated); health probes, rare and asynchronous, use the JDK clients.
   */
  ChatClient(Http1Client plain, HttpClient plainHealth, HttpClient tls, ObjectMapper json,
      Function<String, String> env, Redactor redactor, BatchClock clock) {
    this.plain = plain;
    this.plainHealth = plainHealth;
    this.tls = tls;
    this.json = json;
    this.env = env;
    this.redactor = redactor;
    this.clock = clock;
  }

  /** Sends {@code request} to {@code chatUri} ({@code e.chatUri()}, parsed once by the caller). */
  ChatResult send(Endpoint e, URI chatUri, ChatRequest request) throws InterruptedException {
    byte[] body = body(request, e.model());
    String key = apiKey(e);
    long started = System.nanoTime();
    HttpReply reply;
    try {
      reply = tls(e) ? sendHttps(e, chatUri, body, key) : plain.send("POST", chatUri,
          key == null ? JSON_HEADERS : List.of("Content-Type", "application/json",
              "Authorization", "Bearer " + key), body, e.requestTimeout());
    } catch (java.net.http.HttpConnectTimeoutException ex) {
      throw new EndpointException(e.name(), 0, "connecting to endpoint " + e.name() + " ("
          + chatUri + ") timed out; check that the server is up, or raise the pool's "
          + "connectTimeout", null);
    } catch (HttpTimeoutException ex) {
      throw new EndpointException(e.name(), 0, "request to endpoint " + e.name()
          + " timed out after " + e.requestTimeout() + " and was cancelled; raise requestTimeout "
          + "if the model is slow", null);
    } catch (IOException ex) {
      throw new EndpointException(e.name(), 0, "request to endpoint " + e.name() + " ("
          + chatUri + ") failed: " + redactor.redact(String.valueOf(ex)), null);
    }
    double latencyMs = (System.nanoTime() - started) / 1e6;
    return interpret(e, reply, latencyMs);
  }

  private HttpReply sendHttps(Endpoint e, URI chatUri, byte[] body, String key)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(chatUri)
        .version(HttpClient.Version.HTTP_2)
        .timeout(e.requestTimeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    HttpRequest httpRequest = b.build();
    HttpResponse<byte[]> response;
    try {
      response = tls.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException ex) {
      if (!staleConnection(ex)) {
        throw ex;
      }
      // the server closed a kept-alive connection as we reused it (idle timeouts): nothing was
      // answered, so ask once more on a fresh connection
      response = tls.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
    }
    return new HttpReply(response.statusCode(), response.headers(), response.body());
  }

  /** True for the ways a reused connection that the server had closed fails. */
  private static boolean staleConnection(IOException ex) {
    if (ex instanceof HttpTimeoutException || ex instanceof java.net.ConnectException) {
      return false;
    }
    String m = String.valueOf(ex.getMessage());
    return ex instanceof java.io.EOFException || m.contains("received no bytes")
        || m.contains("Connection reset") || m.contains("closed");
  }

  /** A health probe; the default URL ({@code /models}) gets the API key, an explicit one not. */
  HttpRequest healthRequest(Endpoint e, Duration timeout) {
    HttpRequest.Builder b = HttpRequest.newBuilder(e.healthUri()).version(versionFor(e))
        .timeout(timeout).GET();
    String key = e.healthUrl() == null ? apiKeyOrNull(e) : null;
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return b.build();
  }

  /** An explicit health URL must answer 2xx; the default {@code /models} anything below 500. */
  static boolean healthy(Endpoint e, int status) {
    return e.healthUrl() == null ? status < 500 : status >= 200 && status < 300;
  }

  /** The JDK client that probes {@code e}'s health. */
  HttpClient healthClient(Endpoint e) {
    return tls(e) ? tls : plainHealth;
  }

  /** The request body, with the model filled in: also the response cache's key. */
  byte[] body(ChatRequest r, String defaultModel) {
    // streamed rather than built as a tree: this runs once per request on the hot path
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = json.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("model", r.model() != null ? r.model() : defaultModel);
      g.writeArrayFieldStart("messages");
      for (ChatMessage m : r.messages()) {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeStringField("content", m.content());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (r.temperature() != null) {
        g.writeNumberField("temperature", r.temperature());
      }
      if (r.maxTokens() != null) {
        g.writeNumberField("max_tokens", r.maxTokens());
      }
      if (r.seed() != null) {
        g.writeNumberField("seed", r.seed());
      }
      if (r.responseFormat() != null) {
        g.writeObjectField("response_format", r.responseFormat());
      }
      for (Map.Entry<String, Object> x : r.extra().entrySet()) {
        g.writeObjectField(x.getKey(), x.getValue());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new IllegalArgumentException("chat request cannot be written as JSON: "
          + ex.getMessage() + "; use JSON-like values (maps, lists, strings, numbers) in "
          + "responseFormat and extra", ex);
    }
    return out.toByteArray();
  }

  private ChatResult interpret(Endpoint e, HttpReply response, double latencyMs) {
    int status = response.status();
    byte[] body = response.body();
    if (status >= 200 && status < 300) {
      return parse(e, status, body, latencyMs);
    }
    String message = serverMessage(body);
    String where = "endpoint " + e.name() + " answered HTTP " + status;
    if (status == 429 || status == 503) {
      var retryAfter = RetryAfterHeader.parse(response.headers(), clock.epochMillis());
      if (status == 429 || retryAfter.isPresent()) {
        Duration wait = retryAfter.orElse(Duration.ZERO);
        throw new RateLimitedException(e.name(), status, where + ", retry after "
            + wait.toMillis() + " ms: " + message, wait);
      }
    }
    if (status == 408 || status >= 500) {
      throw new EndpointException(e.name(), status, where + ": " + message, null);
    }
    throw new EndpointRequestException(e.name(), status, where + ", not retried (the request "
        + "itself was refused): " + message);
  }

  private ChatResult parse(Endpoint e, int status, byte[] body, double latencyMs) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (IOException ex) {
      throw new EndpointException(e.name(), status, "endpoint " + e.name()
          + " answered with a body that is not JSON: " + snippet(body), null);
    }
    JsonNode choice = root.path("choices").path(0);
    if (choice.isMissingNode()) {
      throw new EndpointException(e.name(), status, "endpoint " + e.name()
          + " answered without choices: " + snippet(body), null);
    }
    JsonNode content = choice.path("message").path("content");
    String text = content.isTextual() ? content.asText() : choice.path("text").asText("");
    JsonNode usage = root.path("usage");
    int prompt = usage.path("prompt_tokens").asInt(0);
    int completion = usage.path("completion_tokens").asInt(0);
    return new ChatResult(text, choice.path("finish_reason").asText(""), prompt, completion,
        usage.path("total_tokens").asInt(0), root.path("model").asText(e.model()), e.name(),
        latencyMs, false, e.costUsd(prompt, completion));
  }

  /** The server's error message: OpenAI's {@code error.message}, or the body's start. */
  private String serverMessage(byte[] body) {
    try {
      JsonNode root = json.readTree(body);
      if (root != null) {
        for (JsonNode n : new JsonNode[] {root.path("error").path("message"), root.path("error"),
            root.path("message"), root.path("detail")}) {
          if (n.isTextual()) {
            return redactor.redact(truncate(n.asText()));
          }
        }
      }
    } catch (IOException ignored) {
      // not JSON: fall back to the raw text
    }
    return snippet(body);
  }

  private String snippet(byte[] body) {
    return redactor.redact(truncate(new String(body, StandardCharsets.UTF_8).strip()));
  }

  private static String truncate(String s) {
    return s.length() <= SNIPPET ? s : s.substring(0, SNIPPET) + "…";
  }

  private String apiKey(Endpoint e) {
    if (e.apiKeyEnv() == null) {
      return null;
    }
    String key = apiKeyOrNull(e);
    if (key == null) {
      throw new EndpointRequestException(e.name(), 0, "environment variable " + e.apiKeyEnv()
          + " (the API key of endpoint " + e.name() + ") is not set; set it in the environment "
          + "of this JVM before the request");
    }
    return key;
  }

  private String apiKeyOrNull(Endpoint e) {
    if (e.apiKeyEnv() == null) {
      return null;
    }
    String key = env.apply(e.apiKeyEnv());
    return key == null || key.isBlank() ? null : key.strip();
  }

  /** HTTP/2 over TLS (negotiated by ALPN, falls back to 1.1); plain HTTP/1.1 keep-alive otherwise. */
  private static HttpClient.Version versionFor(Endpoint e) {
    return tls(e) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
  }

  private static boolean tls(Endpoint e) {
    return e.baseUrl().toLowerCase(Locale.ROOT).startsWith("https:");
  }
}
