package dev.parley.server.internal.gate;

import dev.parley.server.internal.transport.ConnectionLimiter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gate's meters. In Prometheus form: {@code parley_gate_requests_total{route,status}},
 * {@code parley_gate_request_duration_seconds{route,status}} (count, sum, max) and the worker pool
 * gauges {@code parley_gate_workers_active} and {@code parley_gate_workers_queued}; see also
 * {@link #connectionLimiter} for the connection meters. Route tags are
 * the route names (plus "unmatched"), never raw paths, so the series stay bounded. Thread-safe.
 */
public final class GateMetrics {
  private final MeterRegistry registry;

  /** Registers the worker-pool gauges; request meters are created on first use per (route, status). */
  public GateMetrics(MeterRegistry registry, GateWorkers workers) {
    this.registry = registry;
    Gauge.builder("parley.gate.workers.active", workers, GateWorkers::active)
        .description("gate worker threads running a request").register(registry);
    Gauge.builder("parley.gate.workers.queued", workers, GateWorkers::queued)
        .description("gate requests waiting for a worker thread").register(registry);
  }

  /**
   * A connection limiter with these caps that counts its refusals in
   * {@code parley_gate_connections_refused_total{reason="per_address"|"global"}} and reports the
   * connections it holds as {@code parley_gate_connections}.
   */
  public static ConnectionLimiter connectionLimiter(MeterRegistry registry, int perAddress, int global) {
    Map<ConnectionLimiter.Refusal, Counter> refused = new EnumMap<>(ConnectionLimiter.Refusal.class);
    for (ConnectionLimiter.Refusal reason : ConnectionLimiter.Refusal.values()) {
      refused.put(reason, Counter.builder("parley.gate.connections.refused")
          .description("gate connections closed at accept because a connection cap was reached")
          .tag("reason", reason.name().toLowerCase(Locale.ROOT)).register(registry));
    }
    ConnectionLimiter limiter = new ConnectionLimiter(perAddress, global, reason -> refused.get(reason).increment());
    Gauge.builder("parley.gate.connections", limiter, ConnectionLimiter::held)
        .description("open gate connections").register(registry);
    return limiter;
  }

  /** Counts one answered request and its latency from arrival to the response being handed to Netty. */
  public void record(String route, int status, long elapsedNanos) {
    String statusTag = Integer.toString(status);
    Counter.builder("parley.gate.requests").description("gate HTTP requests answered")
        .tag("route", route).tag("status", statusTag).register(registry).increment();
    Timer.builder("parley.gate.request.duration").description("gate HTTP request latency")
        .tag("route", route).tag("status", statusTag).register(registry).record(elapsedNanos, TimeUnit.NANOSECONDS);
  }
}
