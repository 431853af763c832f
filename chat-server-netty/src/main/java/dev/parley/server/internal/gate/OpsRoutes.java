package dev.parley.server.internal.gate;

import static io.netty.handler.codec.http.HttpMethod.GET;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /healthz} and {@code GET /metrics}. Both run on the event loop (no I/O), so they
 * answer even when the worker pool is saturated. Thread-safe.
 */
final class OpsRoutes {
  /** Prometheus text exposition format 0.0.4. */
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;

  OpsRoutes(PrometheusMeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  List<GateRoute> routes() {
    return List.of(
        GateRoute.inline(GET, "/healthz", "healthz",
            request -> () -> GateResponse.json(HttpResponseStatus.OK, new GateJson.Health("UP"))),
        GateRoute.inline(GET, "/metrics", "metrics",
            request -> () -> GateResponse.text(HttpResponseStatus.OK, PROMETHEUS_TEXT, registry.scrape())));
  }
}
