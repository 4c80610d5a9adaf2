package io.github.trialbook.testing;

import io.github.trialbook.endpoint.Endpoint;
import io.github.trialbook.endpoint.EndpointPool;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of a test against one simulated endpoint: before each test a fresh
 * {@link ModelServerSimulator} in {@link #sim} and, on it, an {@link EndpointPool} in
 * {@link #pool} with one endpoint named {@code sim} serving {@code sim-model}; after each test
 * the pool is closed, then the simulator. A test class sets the three up further by overriding
 * {@link #server}, {@link #endpoint} and {@link #pool(EndpointPool.Builder)}.
 */
public abstract class SimulatedEndpointTest {
  protected ModelServerSimulator sim;
  protected EndpointPool pool;

  /** The started simulator as the test wants it before the pool is built; as started here. */
  protected ModelServerSimulator server(ModelServerSimulator started) {
    return started;
  }

  /** The endpoint {@code sim} as the test wants it; as named here. */
  protected Endpoint.Builder endpoint(Endpoint.Builder named) {
    return named;
  }

  /** The pool as the test wants it, its endpoint added; as it is. */
  protected EndpointPool.Builder pool(EndpointPool.Builder withEndpoint) {
    return withEndpoint;
  }

  @BeforeEach
  final void startSimulatedEndpoint() throws Exception {
    sim = server(ModelServerSimulator.start());
    pool = pool(EndpointPool.builder()
        .endpoint(endpoint(Endpoint.builder(sim.baseUrl(), "sim-model").name("sim")).build()))
        .build();
  }

  @AfterEach
  final void stopSimulatedEndpoint() {
    pool.close();
    sim.close();
  }

  /**
   * The endpoint's first answer pauses it for an hour: the simulator answers the next 1,000 chat
   * requests 429 with {@code Retry-After: 3600} (1 ms latency), and the pool runs on
   * {@link #clock}.
   */
  public abstract static class PausedForAnHour extends SimulatedEndpointTest {
    protected final ManualClock clock = new ManualClock();

    @Override
    protected ModelServerSimulator server(ModelServerSimulator started) {
      started.latency(Duration.ofMillis(1));
      started.failNext(429, 1_000).retryAfter("3600");
      return started;
    }

    @Override
    protected EndpointPool.Builder pool(EndpointPool.Builder withEndpoint) {
      return withEndpoint.clock(clock);
    }
  }
}
