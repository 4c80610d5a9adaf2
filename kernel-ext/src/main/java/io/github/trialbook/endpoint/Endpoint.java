package io.github.trialbook.endpoint;

import io.github.trialbook.batch.Secrets;
import io.github.trialbook.internal.Checks;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One OpenAI-compatible server of an {@link EndpointPool}: where it is, which model it serves,
 * how many requests it takes at once, how its health is checked and how it is restarted.
 * Immutable; {@link #toString()} is safe to print: the API key is named by its environment
 * variable and read only when a request is sent.
 *
 * <pre>{@code
 * Endpoint gpu0 = Endpoint.builder("http://127.0.0.1:8000/v1", "qwen2.5-7b")
 *     .name("gpu0")
 *     .apiKeyEnv("VLLM_API_KEY")
 *     .maxConcurrency(32)
 *     .adaptive(4)                                   // AIMD between 4 and 32
 *     .healthUrl("http://127.0.0.1:8000/health")
 *     .start(List.of("ssh", "gpu0", "systemctl", "--user", "start", "vllm"))
 *     .stop(List.of("ssh", "gpu0", "systemctl", "--user", "stop", "vllm"))
 *     .build();
 * }</pre>
 *
 * @param name short unique name, shown in the live view and the results ({@code [A-Za-z0-9._-]})
 * @param baseUrl the API base, e.g. {@code http://host:8000/v1}; {@code /chat/completions} is
 *     appended
 * @param model the model name sent when a request names none
 * @param apiKeyEnv the environment variable holding the API key, or null for none
 * @param maxConcurrency the most requests in flight at once
 * @param adaptiveFloor the adaptive limiter's floor, or 0 for a fixed limit of maxConcurrency
 * @param slowStart whether an adaptive limit starts at its floor and doubles each round trip
 *     until the first 429 or latency rise (true), or starts at maxConcurrency (false); no effect
 *     on a fixed limit
 * @param requestTimeout how long one request may take before it is cancelled
 * @param healthUrl the URL probed for health (2xx = healthy), or null to probe
 *     {@code baseUrl/models} (any answer below 500 = healthy)
 * @param healthInterval time between health probes
 * @param failuresBeforeDown consecutive failed probes (or connection failures) before "down"
 * @param startCommand command that starts the server (argument list), empty for none
 * @param stopCommand command that stops it, empty for none
 * @param startTimeout how long to wait for health after the start command
 * @param maxRestarts how many times the pool runs the recovery (stop, start) in all
 * @param inputUsdPerMTok the price of a million prompt tokens in US dollars, 0 for unpriced
 * @param outputUsdPerMTok the price of a million completion tokens in US dollars, 0 for unpriced
 */
public record Endpoint(String name, String baseUrl, String model, String apiKeyEnv,
    int maxConcurrency, int adaptiveFloor, boolean slowStart, Duration requestTimeout,
    String healthUrl, Duration healthInterval, int failuresBeforeDown, List<String> startCommand,
    List<String> stopCommand, Duration startTimeout, int maxRestarts, double inputUsdPerMTok,
    double outputUsdPerMTok) {

  public Endpoint {
    Checks.name(name, "endpoint name", EndpointConfigException::new);
    baseUrl = checkUrl(baseUrl, "baseUrl of endpoint " + name);
    while (baseUrl.endsWith("/")) {
      baseUrl = baseUrl.substring(0, baseUrl.length() - 1);
    }
    Checks.notNull(model, "model of endpoint " + name, "pass the model name the server serves",
        EndpointConfigException::new);
    if (apiKeyEnv != null && !apiKeyEnv.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new EndpointConfigException("apiKeyEnv of endpoint " + name
          + " must be an environment variable NAME such as OPENAI_API_KEY, not a key (was a "
          + apiKeyEnv.length() + "-character value, not shown); put the key in the environment");
    }
    atLeast(maxConcurrency, 1, "maxConcurrency", name);
    if (adaptiveFloor < 0 || adaptiveFloor > maxConcurrency) {
      throw new EndpointConfigException("adaptive floor of endpoint " + name
          + " must be between 1 and maxConcurrency " + maxConcurrency + " (was " + adaptiveFloor
          + "); pass 0 for a fixed limit");
    }
    Checks.positive(requestTimeout, "requestTimeout of endpoint " + name,
        "pass e.g. Duration.ofMinutes(2)", EndpointConfigException::new);
    if (healthUrl != null) {
      healthUrl = checkUrl(healthUrl, "healthUrl of endpoint " + name);
    }
    Checks.positive(healthInterval, "healthInterval of endpoint " + name,
        "pass e.g. Duration.ofSeconds(5)", EndpointConfigException::new);
    atLeast(failuresBeforeDown, 1, "failuresBeforeDown", name);
    startCommand = startCommand == null ? List.of() : List.copyOf(startCommand);
    stopCommand = stopCommand == null ? List.of() : List.copyOf(stopCommand);
    Checks.positive(startTimeout, "startTimeout of endpoint " + name,
        "pass e.g. Duration.ofMinutes(5)", EndpointConfigException::new);
    atLeast(maxRestarts, 0, "maxRestarts", name);
    if (!(inputUsdPerMTok >= 0 && outputUsdPerMTok >= 0) || Double.isInfinite(inputUsdPerMTok)
        || Double.isInfinite(outputUsdPerMTok)) {
      throw new EndpointConfigException("price of endpoint " + name + " must be two finite "
          + "amounts >= 0 in US dollars per million tokens (was " + inputUsdPerMTok + ", "
          + outputUsdPerMTok + "); call price(inputUsdPerMTok, outputUsdPerMTok), e.g. "
          + "price(0.15, 0.60)");
    }
  }

  /** What {@code promptTokens} in and {@code completionTokens} out cost here, in US dollars. */
  public double costUsd(int promptTokens, int completionTokens) {
    return (promptTokens * inputUsdPerMTok + completionTokens * outputUsdPerMTok) / 1e6;
  }

  /** Starts an endpoint for {@code baseUrl} serving {@code model}. */
  public static Builder builder(String baseUrl, String model) {
    return new Builder(baseUrl, model);
  }

  /** The URL requests are posted to. */
  public URI chatUri() {
    return URI.create(baseUrl + "/chat/completions");
  }

  /** The URL probed for health. */
  public URI healthUri() {
    return URI.create(healthUrl != null ? healthUrl : baseUrl + "/models");
  }

  public boolean adaptive() {
    return adaptiveFloor > 0;
  }

  public boolean hasStartCommand() {
    return !startCommand.isEmpty();
  }

  /** Settings without secrets: command arguments after a secret-looking flag are masked. */
  @Override
  public String toString() {
    return "Endpoint[" + name + " " + baseUrl + " model=" + model
        + (apiKeyEnv == null ? "" : " apiKeyEnv=" + apiKeyEnv)
        + " maxConcurrency=" + maxConcurrency
        + (adaptive() ? " adaptive from " + adaptiveFloor + (slowStart ? "" : " no slow start")
            : "")
        + (startCommand.isEmpty() ? "" : " start=" + maskSecrets(startCommand))
        + (stopCommand.isEmpty() ? "" : " stop=" + maskSecrets(stopCommand)) + "]";
  }

  static List<String> maskSecrets(List<String> command) {
    java.util.List<String> shown = new java.util.ArrayList<>(command.size());
    boolean maskNext = false;
    for (String arg : command) {
      int eq = arg.indexOf('=');
      if (maskNext) {
        shown.add(Secrets.MASK);
      } else if (eq > 0 && Secrets.looksSecret(arg.substring(0, eq))) {
        shown.add(arg.substring(0, eq + 1) + Secrets.MASK);
      } else {
        shown.add(arg);
      }
      maskNext = !maskNext && eq < 0 && arg.startsWith("-") && Secrets.looksSecret(arg);
    }
    return shown;
  }

  /** The values {@link #maskSecrets} hides, so the command's output can be scrubbed of them. */
  static List<String> secretArguments(List<String> command) {
    List<String> shown = maskSecrets(command);
    java.util.List<String> secrets = new java.util.ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      if (!arg.equals(shown.get(i))) {
        secrets.add(shown.get(i).equals(Secrets.MASK) ? arg : arg.substring(arg.indexOf('=') + 1));
      }
    }
    return secrets;
  }

  private static String checkUrl(String url, String field) {
    Checks.notNull(url, field, "pass an http or https URL such as http://127.0.0.1:8000/v1",
        EndpointConfigException::new);
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new EndpointConfigException(field + " is not a valid URL (was \"" + url + "\"): "
          + e.getMessage() + "; pass e.g. http://127.0.0.1:8000/v1", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw new EndpointConfigException(field + " must be an http or https URL with a host (was \""
          + url + "\"); pass e.g. http://127.0.0.1:8000/v1");
    }
    if (uri.getUserInfo() != null) {
      throw new EndpointConfigException(field + " must not carry credentials (user info in the "
          + "URL); put the key in an environment variable and name it with apiKeyEnv");
    }
    return url;
  }

  private static void atLeast(int value, int min, String field, String name) {
    if (value < min) {
      throw new EndpointConfigException(field + " of endpoint " + name + " must be at least "
          + min + " (was " + value + ")");
    }
  }

  /**
   * Collects an endpoint's settings. Defaults: name {@code host_port}, no API key, 8 concurrent
   * requests, fixed limit, 5-minute request timeout, probe every 5 s, 3 failures before down, no
   * start/stop commands, 5-minute start timeout, 3 restarts.
   */
  public static final class Builder {
    private final String baseUrl;
    private final String model;
    private String name;
    private String apiKeyEnv;
    private int maxConcurrency = 8;
    private int adaptiveFloor;
    private boolean slowStart = true;
    private Duration requestTimeout = Duration.ofMinutes(5);
    private String healthUrl;
    private Duration healthInterval = Duration.ofSeconds(5);
    private int failuresBeforeDown = 3;
    private List<String> startCommand = List.of();
    private List<String> stopCommand = List.of();
    private Duration startTimeout = Duration.ofMinutes(5);
    private int maxRestarts = 3;
    private double inputUsdPerMTok;
    private double outputUsdPerMTok;

    private Builder(String baseUrl, String model) {
      this.baseUrl = baseUrl;
      this.model = model;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The environment variable that holds the API key (read at each request, never stored). */
    public Builder apiKeyEnv(String variable) {
      this.apiKeyEnv = variable;
      return this;
    }

    public Builder maxConcurrency(int requests) {
      this.maxConcurrency = requests;
      return this;
    }

    /**
     * Adapts the limit between {@code floor} and maxConcurrency: slow start from the floor, then
     * AIMD on 429s and latency.
     */
    public Builder adaptive(int floor) {
      this.adaptiveFloor = floor;
      return this;
    }

    /**
     * Turns an adaptive limit's slow start off (it then starts at maxConcurrency), for a server
     * known to take maxConcurrency at once; on by default.
     */
    public Builder slowStart(boolean on) {
      this.slowStart = on;
      return this;
    }

    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = timeout;
      return this;
    }

    public Builder healthUrl(String url) {
      this.healthUrl = url;
      return this;
    }

    public Builder healthInterval(Duration interval) {
      this.healthInterval = interval;
      return this;
    }

    public Builder failuresBeforeDown(int failures) {
      this.failuresBeforeDown = failures;
      return this;
    }

    /** The command (argument list, no shell) that starts the server; the pool waits for health. */
    public Builder start(List<String> command) {
      this.startCommand = command;
      return this;
    }

    /** The command that stops the server; run before a restart and when the pool closes. */
    public Builder stop(List<String> command) {
      this.stopCommand = command;
      return this;
    }

    public Builder startTimeout(Duration timeout) {
      this.startTimeout = timeout;
      return this;
    }

    public Builder maxRestarts(int restarts) {
      this.maxRestarts = restarts;
      return this;
    }

    /**
     * Declares the prices (US dollars per million prompt and completion tokens), so every answer
     * carries its {@code costUsd} and budgets can be enforced; unpriced endpoints cost 0.
     */
    public Builder price(double inputUsdPerMTok, double outputUsdPerMTok) {
      this.inputUsdPerMTok = inputUsdPerMTok;
      this.outputUsdPerMTok = outputUsdPerMTok;
      return this;
    }

    public Endpoint build() {
      String n = name;
      if (n == null && baseUrl != null) {
        URI uri = URI.create(baseUrl);
        n = Checks.sanitize(uri.getHost() + (uri.getPort() < 0 ? "" : "_" + uri.getPort()));
      }
      return new Endpoint(n, baseUrl, model, apiKeyEnv, maxConcurrency, adaptiveFloor, slowStart,
          requestTimeout, healthUrl, healthInterval, failuresBeforeDown, startCommand, stopCommand,
          startTimeout, maxRestarts, inputUsdPerMTok, outputUsdPerMTok);
    }
  }
}
